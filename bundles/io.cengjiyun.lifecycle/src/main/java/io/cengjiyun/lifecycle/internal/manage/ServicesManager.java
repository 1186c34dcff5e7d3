package io.cengjiyun.lifecycle.internal.manage;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.What;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The write flow of services. A service is rows only, except when it goes with its appmaps: their namespaces are
 * removed from their clusters first (outside any database transaction), then the rows go in one transaction.
 */
@Component(service = ServicesManager.class)
public final class ServicesManager {
    private final HierarchyStore store;
    private final AppMapsManager appMaps;

    @Activate
    public ServicesManager(@Reference HierarchyStore store, @Reference AppMapsManager appMaps) {
        this.store = store;
        this.appMaps = appMaps;
    }

    public Service create(Service service) {
        return store.createService(service);
    }

    public Service update(Service service, long expectedVersion) {
        return store.updateService(service, expectedVersion);
    }

    /** Deletes a service; one with appmaps is refused unless {@code cascade}, which removes them from their clusters. */
    public void delete(String name, boolean cascade) {
        String what = What.service(name);
        if (cascade) {
            store.findService(name).orElseThrow(() -> new NotFoundException(what));
            appMaps.removeFromClusters(what, store.listAppMaps(name));
        }
        store.deleteService(name, cascade);
    }
}
