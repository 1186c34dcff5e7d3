/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.rest.OpenApiSchemas;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The OpenAPI 3 document of the API as it is deployed now: built from the JAX-RS runtime's view of every
 * bundle's resources, so a hot-deployed bundle's paths appear in it and an undeployed one's vanish.
 * <p>
 * The runtime is a dynamic reference, not a static one: the runtime service appears only once the whiteboard
 * has built the application, and a resource that waited for it would register afterwards and make the
 * whiteboard build the whole application a second time at every start.
 */
@Component(service = OpenApiResource.class)
@JakartarsResource
@Allow(Right.ANYONE)
@Path("openapi.json")
public class OpenApiResource {
    private final String version;
    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile JakartarsServiceRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<OpenApiSchemas> schemas = List.of();

    @Activate
    public OpenApiResource(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
        this.context = context;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            id = "getOpenApiDocument",
            summary = "Read this API's OpenAPI document",
            description = "The OpenAPI 3.0 document of the API as deployed now, built from the running bundles'"
                    + " resources: a bundle deployed or removed adds or takes away its paths at once. The schema"
                    + " of a server's definition has the sections of the running contributors. 503 for the"
                    + " moment the JAX-RS runtime is not registered yet.")
    @Answer(status = 200, type = Map.class, description = "The OpenAPI 3.0 document")
    @Fails(406)
    public Map<String, Object> document() {
        JakartarsServiceRuntime current = runtime;
        if (current == null) {
            throw new UnavailableException("The JAX-RS runtime is not registered yet: retry in a second", null);
        }
        Map<String, Object> added = new TreeMap<>();
        for (OpenApiSchemas s : schemas) {
            added.putAll(s.schemas());
        }
        List<OpenApiDocument.Deployed> deployed = new ArrayList<>();
        for (ResourceDTO dto : OpenApiDocument.resources(current.getRuntimeDTO())) {
            deployed.add(new OpenApiDocument.Deployed(dto, classOf(dto.serviceId)));
        }
        return OpenApiDocument.from(deployed, version, added);
    }

    /** The class of the resource service with this id, or null if it is gone or cannot be read. */
    private Class<?> classOf(long serviceId) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(service.id=" + serviceId + ")");
            if (refs == null || refs.length == 0) {
                return null;
            }
            // the class it was registered as, from its bundle: no need to get (and so maybe create) the service
            if (refs[0].getProperty("objectClass") instanceof String[] names
                    && names.length > 0
                    && refs[0].getBundle() != null) {
                try {
                    Class<?> type = refs[0].getBundle().loadClass(names[0]);
                    if (type.isAnnotationPresent(Path.class)) {
                        return type;
                    }
                } catch (ClassNotFoundException e) {
                    // registered under an interface it does not import itself: ask the service
                }
            }
            Object service = context.getService(refs[0]);
            if (service == null) {
                return null;
            }
            try {
                return service.getClass();
            } finally {
                context.ungetService(refs[0]);
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return null;
        }
    }
}
