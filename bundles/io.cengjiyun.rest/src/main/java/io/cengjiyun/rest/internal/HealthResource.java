/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Liveness of the runtime: answers as soon as the REST application serves. */
@Component(service = HealthResource.class)
@JakartarsResource
@Allow(Right.ANYONE)
@Path("health")
public class HealthResource {
    private final String version;

    @Activate
    public HealthResource(BundleContext context) {
        this(context.getBundle().getVersion().toString());
    }

    HealthResource(String version) {
        this.version = version;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            id = "getHealth",
            summary = "Check that the runtime is alive",
            description = "Liveness: answers as soon as the REST application serves, whatever the state of the"
                    + " database or the clusters (see `GET /ready` for that). The body: `status` (`UP`), the"
                    + " runtime's `version` and `uptimeMillis`.")
    @Answer(status = 200, type = Map.class, description = "Alive: `{status, version, uptimeMillis}`")
    @Fails(406)
    public Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "UP");
        health.put("version", version);
        health.put("uptimeMillis", ManagementFactory.getRuntimeMXBean().getUptime());
        return health;
    }
}
