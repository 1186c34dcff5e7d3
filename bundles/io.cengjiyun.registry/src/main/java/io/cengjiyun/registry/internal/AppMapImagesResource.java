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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The images of every server of an appmap: {@code GET /services/{service}/appmaps/{appmap}/images[?newer=true]}. */
@Component(service = AppMapImagesResource.class)
@JakartarsResource
@Produces(MediaType.APPLICATION_JSON)
@Path("services/{service}/appmaps/{appmap}/images")
public class AppMapImagesResource {
    private final ServerImages images;

    @Activate
    public AppMapImagesResource(@Reference ServerImages images) {
        this.images = images;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listAppMapImages",
            summary = "Which servers of an appmap run an image whose tag has moved",
            description = "Per server, as `GET .../servers/{server}/images` answers it: the digests its pods run and"
                    + " the ones their tags name in the registry now (each image asked of its registry once for the"
                    + " whole appmap). With `newer=true`, only the servers a newer image is available for: roll each"
                    + " out with `POST .../servers/{server}/images/update`.")
    @Answer(status = 200, type = ImagesView.class, list = true, description = "The servers' images, by server name")
    @Fails({404, 422})
    public Response list(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @Doc(value = "Only the servers with a newer image", example = "true", defaultValue = "false")
                    @QueryParam("newer")
                    String newer) {
        boolean newerOnly = false;
        if (newer != null && !newer.isBlank()) {
            if (!newer.equals("true") && !newer.equals("false")) {
                throw new io.cengjiyun.api.ValidationException("newer", "'" + newer + "' is not true or false");
            }
            newerOnly = newer.equals("true");
        }
        List<ImagesView> views = images.appMapImages(service, appmap, newerOnly);
        return Response.ok(new GenericEntity<List<ImagesView>>(views) {}).build();
    }
}
