package io.cengjiyun.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The OpenAPI 3 document of the API as it is deployed now: built from the JAX-RS runtime's view of every
 * bundle's resources, so a hot-deployed bundle's paths appear in it and an undeployed one's vanish.
 */
@Component(service = OpenApiResource.class)
@JakartarsResource
@Path("openapi.json")
public class OpenApiResource {
    private final JakartarsServiceRuntime runtime;
    private final String version;

    @Activate
    public OpenApiResource(@Reference JakartarsServiceRuntime runtime, org.osgi.framework.BundleContext context) {
        this.runtime = runtime;
        this.version = context.getBundle().getVersion().toString();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> document() {
        return OpenApiDocument.from(runtime.getRuntimeDTO(), version);
    }
}
