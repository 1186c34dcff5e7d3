package io.cengjiyun.lifecycle;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes to a server about to be applied: adds objects (a Service, a PersistentVolumeClaim, an autoscaler,
 * an Ingress...) or changes its pod template (volumes, a sidecar, labels). Ports, volumes and autoscaling plug in
 * through it; a bundle that registers one is used by every server on its next apply.
 *
 * <p>Contributors run on every apply and must give the same result for the same definition: the objects are
 * applied as desired state, not added once.
 */
@ConsumerType
public interface ServerObjectContributor {

    /**
     * Adds to or changes {@code objects}; throws {@link io.cengjiyun.api.ValidationException} naming the field of the
     * definition it cannot honour.
     */
    void contribute(ServerObjects objects);

    /**
     * The parts of a server definition this contributor makes real, named by their field: {@code ports},
     * {@code volumes}, {@code autoscaling}. A server that uses a part no running contributor handles is not applied
     * at all (503 naming the part), rather than applied without it.
     */
    default Set<String> handles() {
        return Set.of();
    }
}
