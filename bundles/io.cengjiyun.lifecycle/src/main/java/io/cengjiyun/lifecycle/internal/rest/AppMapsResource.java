package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.rest.Versions;
import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.internal.manage.AppMapsManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The application maps of a service. Cluster and namespace are stored here and acted on by the lifecycle. */
@Component(service = AppMapsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps")
@Produces(MediaType.APPLICATION_JSON)
public class AppMapsResource {
    private final HierarchyStore store;
    private final AppMapsManager appMaps;

    @Activate
    public AppMapsResource(@Reference HierarchyStore store, @Reference AppMapsManager appMaps) {
        this.store = store;
        this.appMaps = appMaps;
    }

    @GET
    @Allow(Right.VIEWER)
    public List<AppMap> list(@PathParam("service") String service) {
        return store.listAppMaps(service);
    }

    @POST
    @Allow(Right.SERVICE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("service") String service, AppMap appMap, @Context UriInfo uri) {
        AppMap created = appMaps.create(requireBody(appMap).inService(service));
        return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build())
                .tag(Versions.etag(created.version())).entity(created).build();
    }

    @GET
    @Path("{appmap}")
    @Allow(Right.VIEWER)
    public Response get(@PathParam("service") String service, @PathParam("appmap") String name) {
        AppMap appMap = store.findAppMap(service, name)
                .orElseThrow(() -> new NotFoundException("appmap '" + name + "' of service '" + service + "'"));
        return Response.ok(appMap).tag(Versions.etag(appMap.version())).build();
    }

    @PUT
    @Path("{appmap}")
    @Allow(Right.SERVICE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("service") String service, @PathParam("appmap") String name, AppMap appMap,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        AppMap body = requireBody(appMap).inService(service);
        if (body.name() != null && !body.name().equals(name)) {
            throw new ValidationException("name", "'" + body.name() + "' differs from the path's '" + name
                    + "': an appmap cannot be renamed; leave name out or use the same");
        }
        AppMap updated = appMaps.update(body.withName(name), Versions.expected(ifMatch));
        return Response.ok(updated).tag(Versions.etag(updated.version())).build();
    }

    @DELETE
    @Path("{appmap}")
    @Allow(Right.SERVICE_ADMIN)
    public Response delete(@PathParam("service") String service, @PathParam("appmap") String name,
            @QueryParam("cascade") boolean cascade) {
        appMaps.delete(service, name, cascade);
        return Response.noContent().build();
    }

    private static AppMap requireBody(AppMap appMap) {
        if (appMap == null) {
            throw new ValidationException("body", "is empty: send an appmap as JSON, e.g. {\"name\": \"dev\", \"cluster\": \"local\"}");
        }
        return appMap;
    }
}
