package io.cengjiyun.store.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * A service looked up when it is first used, not when it appears: tracking only its reference, so that tracking it
 * never activates it (the services the store looks up this way need the store themselves, and getting them while the
 * store activates would be a cycle, which SCR breaks by failing one of the components).
 */
final class LazyService<S> implements AutoCloseable {
    private final BundleContext context;
    private final ServiceTracker<S, ServiceReference<S>> tracker;
    private final Map<ServiceReference<S>, S> gotten = new ConcurrentHashMap<>();

    LazyService(BundleContext context, Class<S> type) {
        this.context = context;
        this.tracker = new ServiceTracker<>(context, type, new ServiceTrackerCustomizer<S, ServiceReference<S>>() {
            @Override
            public ServiceReference<S> addingService(ServiceReference<S> reference) {
                return reference;
            }

            @Override
            public void modifiedService(ServiceReference<S> reference, ServiceReference<S> service) {
                // nothing to do: the reference stays the same
            }

            @Override
            public void removedService(ServiceReference<S> reference, ServiceReference<S> service) {
                if (gotten.remove(reference) != null) {
                    context.ungetService(reference);
                }
            }
        });
        tracker.open();
    }

    /** The service (the best ranked, if several), or null if there is none. */
    S get() {
        ServiceReference<S> reference = tracker.getServiceReference();
        return reference == null ? null : gotten.computeIfAbsent(reference, context::getService);
    }

    @Override
    public void close() {
        tracker.close();
        gotten.keySet().forEach(context::ungetService);
        gotten.clear();
    }
}
