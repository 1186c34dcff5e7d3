/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.rest.Versions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The images of a server: {@code GET .../servers/{server}/images} (the digests its pods run, the registry's current
 * ones) and {@code POST .../servers/{server}/images/update} (roll out the newer ones as one revision); an appmap's:
 * {@code GET .../appmaps/{appmap}/images} ({@link AppMapImagesResource}).
 */
@Component(service = ServerImagesResource.class)
@JakartarsResource
@Produces(MediaType.APPLICATION_JSON)
@Path("services/{service}/appmaps/{appmap}/servers/{server}/images")
public class ServerImagesResource {
    private final ServerImages images;

    @Activate
    public ServerImagesResource(@Reference ServerImages images) {
        this.images = images;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "getServerImages",
            summary = "Which image digests a server runs, and whether newer ones are pushed",
            description = "Per container: the image as written and as pulled, the digests its pods run (their"
                    + " container status, from the cache), the digest pinned in the definition if any, and, for an"
                    + " image from a registry of the service, the digest its tag names in the registry now (one"
                    + " request to the registry per image; `message` says why it is not known). `newer`: the tag"
                    + " has moved since the pods started (or since the pin). The server's revision is the ETag.")
    @Answer(
            status = 200,
            type = ImagesView.class,
            headers = {"ETag"},
            description = "The server's images")
    @Fails({404})
    public Response get(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        ImagesView view = images.images(service, appmap, server);
        return Response.ok(view).tag(Versions.etag(view.revision())).build();
    }

    @POST
    @Path("update")
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "updateServerImages",
            summary = "Roll out the newer images of a server",
            description = "Stores the server's next revision with every container whose tag names a newer digest"
                    + " in its registry pinned to that digest (`shop/web:1.4@sha256:...`: the nodes pull exactly"
                    + " it, and the revision history keeps which digest ran when), and applies it like an update (a"
                    + " rolling update). 409 when nothing is newer. `If-Match` with the server's ETag guards it"
                    + " (412 when the server changed meanwhile). Takes no body.")
    @Answer(
            status = 200,
            type = ImagesView.class,
            headers = {"ETag"},
            description = "The images of the new revision")
    @Fails({404, 409, 412, 503})
    public Response update(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @HeaderParam(HttpHeaders.IF_MATCH)
                    @Doc("The server's ETag read last: rolled out only if the server is still at that revision (else"
                            + " 412)")
                    String ifMatch,
            @Context SecurityContext security) {
        ImagesView view = images.update(service, appmap, server, Versions.expected(ifMatch), Versions.author(security));
        return Response.ok(view).tag(Versions.etag(view.revision())).build();
    }
}
