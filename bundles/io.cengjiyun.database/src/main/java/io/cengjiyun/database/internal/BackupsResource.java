/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
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
    @Doc("Where to make a backup")
    public record BackupRequest(
            @Doc(
                    value = "The folder to make it in, an absolute path outside the database's own folder"
                            + " (made if missing, when the folder above it exists); absent or blank: `<data>/backups`",
                    example = "/var/backups/cengjiyun")
            String target) {}

    @Activate
    public BackupsResource(@Reference DatabaseBackups backups) {
        this.backups = backups;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.PLATFORM_ADMIN)
    @Operation(
            id = "createBackup",
            summary = "Back up the database and key files",
            description = "Makes an online backup of the embedded Derby database (consistent: every transaction"
                    + " committed before it began; writers go on meanwhile) with the key files that seal the"
                    + " credentials it holds, in a new owner-only folder named after the time, under `target` or"
                    + " `<data>/backups`. The launcher's `restore` reads it. On PostgreSQL it is refused (409),"
                    + " and the detail gives the `pg_dump` command to use instead. The body may be left out.")
    @Answer(status = 201, type = Backup.class, description = "Made: the backup")
    @Fails({409})
    public Response create(
            @Doc(
                            value =
                                    "Where to make the backup; leave the body out for a new folder under `<data>/backups`",
                            optional = true)
                    BackupRequest request) {
        Backup made = backups.create(request == null ? null : request.target());
        return Response.status(Response.Status.CREATED).entity(made).build();
    }

    @GET
    @Allow(Right.PLATFORM_ADMIN)
    @Operation(
            id = "listBackups",
            summary = "List the backups",
            description = "The backups in `<data>/backups` and those made into other folders that still exist,"
                    + " newest first. A folder without its manifest (an unfinished backup) is left out.")
    @Answer(status = 200, type = Backup.class, list = true, description = "The backups, newest first")
    public List<Backup> list() {
        return backups.list();
    }
}
