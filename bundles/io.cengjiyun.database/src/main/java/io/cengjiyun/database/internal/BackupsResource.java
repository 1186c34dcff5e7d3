/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Backups of the database and the key files, for platform administrators. */
@Component(service = BackupsResource.class)
@JakartarsResource
@Path("backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupsResource {
    private final DatabaseBackups backups;

    /** The body of a POST: where to make the backup, or nothing for {@code <data>/backups}. */
    public record BackupRequest(String target) {}

    @Activate
    public BackupsResource(@Reference DatabaseBackups backups) {
        this.backups = backups;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.PLATFORM_ADMIN)
    public Response create(BackupRequest request) {
        Backup made = backups.create(request == null ? null : request.target());
        return Response.status(Response.Status.CREATED).entity(made).build();
    }

    @GET
    @Allow(Right.PLATFORM_ADMIN)
    public List<Backup> list() {
        return backups.list();
    }
}
