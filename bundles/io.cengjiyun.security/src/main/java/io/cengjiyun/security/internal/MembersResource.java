/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Right;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The members of a service: every member reads them, service admins replace them. */
@Component(service = MembersResource.class)
@JakartarsResource
@Path("services/{service}/members")
@Produces(MediaType.APPLICATION_JSON)
public class MembersResource {
    /** The request body's example in the API's document. */
    static final String MEMBERS = "[{\"user\": \"ana\", \"role\": \"developer\", \"terminal\": true}]";

    private final Accounts accounts;

    @Activate
    public MembersResource(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listMembers",
            summary = "List the members of a service",
            description = "Each member of the service: the user, their role (viewer, developer or admin) and"
                    + " whether they may open terminals in its servers.")
    @Answer(status = 200, type = Member.class, list = true, description = "The service's members")
    public List<Member> list(@PathParam("service") String service) {
        return accounts.members(service);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.SERVICE_ADMIN)
    @Operation(
            id = "setMembers",
            summary = "Replace the members of a service",
            description = "Makes the list the service's members, all at once: users left out stop being members,"
                    + " and their rights in the service end with their next request. Each user must exist and be"
                    + " listed once. A caller who is not a platform administrator must keep at least one `admin`"
                    + " (else 422), so that the team can still manage the service. Idempotent.")
    @Answer(status = 200, type = Member.class, list = true, description = "The service's members now")
    public List<Member> replace(
            @PathParam("service") String service,
            @Doc(example = MEMBERS) List<Member> members,
            @Context SecurityContext security) {
        return accounts.setMembers(service, members, Caller.of(security.getUserPrincipal()));
    }
}
