package io.cengjiyun.ports.internal;

import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerPort;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes a server's {@code ports} real: checks them ({@link PortRules}), refuses node ports another Service holds
 * ({@link NodePortCheck}) and adds the server's Services ({@link PortServices}).
 */
@Component(service = ServerObjectContributor.class)
public final class PortsContributor implements ServerObjectContributor {
    private final ClusterServices services;

    @Activate
    public PortsContributor(@Reference ClusterRegistry clusters) {
        this(new LiveClusterServices(clusters));
    }

    PortsContributor(ClusterServices services) {
        this.services = services;
    }

    @Override
    public Set<String> handles() {
        return Set.of("ports");
    }

    @Override
    public void contribute(ServerObjects objects) {
        ServerDefinition def = objects.definition();
        List<ServerPort> ports = def.ports();
        if (ports == null || ports.isEmpty()) {
            return;
        }
        ValidationException.throwIfAny(PortRules.check(def));
        if (objects.cluster() != null && NodePortCheck.anyFixed(ports)) {
            NodePortCheck.check(objects.cluster(), objects.namespace(), objects.server(), ports,
                    services.list(objects.cluster()));
        }
        PortServices.of(objects.server(), def.kind(), ports, PortServices.selector(objects.server(), objects.podTemplate()))
                .forEach(objects::add);
    }
}
