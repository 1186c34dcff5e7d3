/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.rest.OpenStreams;
import io.cengjiyun.rest.Versions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The image builds of a service: {@code POST /services/{service}/builds} (the context as a tar.gz body, the rest as
 * query parameters), {@code GET} the history and one build, {@code GET .../output} (text), {@code GET .../events}
 * (Server-Sent Events: each line, then the end), {@code DELETE .../{id}} to cancel. Developers build; members read.
 */
@Component(service = BuildsResource.class)
@JakartarsResource
@Produces(MediaType.APPLICATION_JSON)
@Path("services/{service}/builds")
public class BuildsResource {
    private final BuildService service;
    private final Builds builds;
    private final BuildQueue queue;

    /** Ends the open stream with a reconnect hint when the runtime begins to stop. */
    @Reference
    OpenStreams streams;

    @Activate
    public BuildsResource(@Reference BuildService service, @Reference Builds builds, @Reference BuildQueue queue) {
        this.service = service;
        this.builds = builds;
        this.queue = queue;
    }

    @POST
    @Consumes({"application/gzip", "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM})
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "startBuild",
            summary = "Build an image and push it to a registry of the service",
            description = "Queues a build of the Dockerfile in the context (the body: a tar.gz) and answers at once"
                    + " (202, QUEUED); it runs as a Kubernetes Job of unprivileged buildah in the appmap's namespace,"
                    + " counted against its quota, pulls its base images from and pushes `<address>/<repository>:<tag>`"
                    + " to the registry with the registry's credentials. Follow it with `.../events`; at most the"
                    + " configured number run at once, the others wait. The Dockerfile's RUN steps run in that"
                    + " container, never on the platform's host. With `git` (and `ref`) and no body, the platform"
                    + " fetches that commit of the repository (depth 1, without `.git`) as the context when the build"
                    + " runs; `source` then names the commit.")
    @Answer(
            status = 202,
            type = BuildView.class,
            headers = {"Location"},
            description = "Queued: the build, its state QUEUED")
    @Fails({404, 422})
    public Response start(
            @PathParam("service") String service,
            @Doc(value = "The appmap whose namespace and quota the build runs in", example = "dev", required = true)
                    @QueryParam("appmap")
                    String appmap,
            @Doc(value = "The service's registry to push to", example = "team-registry", required = true)
                    @QueryParam("registry")
                    String registry,
            @Doc(value = "The repository in the registry", example = "shop/web", required = true)
                    @QueryParam("repository")
                    String repository,
            @Doc(value = "The image's tag", example = "1.4", required = true) @QueryParam("tag") String tag,
            @Doc(value = "The Dockerfile's path in the context", example = "Dockerfile", defaultValue = "Dockerfile")
                    @QueryParam("dockerfile")
                    String dockerfile,
            @Doc("A build argument, NAME=value (e.g. VERSION=1.4); the parameter may be repeated") @QueryParam("arg")
                    List<String> args,
            @Doc("A git repository to fetch the context from instead of the body: an https, http or git URL"
                            + " the platform reaches, without credentials")
                    @QueryParam("git")
                    String git,
            @Doc(
                            value = "With `git`: the branch, tag or commit id to build (the remote's HEAD by default)",
                            example = "main")
                    @QueryParam("ref")
                    String ref,
            @Doc("The build's context: a tar.gz of the folder the Dockerfile builds from; empty with `git`")
                    byte[] context,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        BuildView stored = this.service.start(
                service,
                new BuildService.Request(appmap, registry, repository, tag, dockerfile, args, context, git, ref),
                Versions.author(security));
        return Response.accepted(stored)
                .location(uri.getAbsolutePathBuilder().path(stored.id()).build())
                .build();
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listBuilds",
            summary = "List a service's builds",
            description = "The service's builds, newest first: what each built, its state, digest, failed step and"
                    + " duration.")
    @Answer(status = 200, type = BuildView.class, list = true, description = "The builds, newest first")
    @Fails({404, 422})
    public Response list(
            @PathParam("service") String service,
            @Doc(
                            value = "The most builds answered, 1 to 500",
                            type = "integer",
                            minimum = 1,
                            maximum = 500,
                            example = "20",
                            defaultValue = "100")
                    @QueryParam("limit")
                    String limit) {
        int n = 100;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 500) {
                throw new ValidationException("limit", "'" + limit + "' is not a number from 1 to 500");
            }
        }
        List<BuildView> all = this.service.list(service, n);
        return Response.ok(new GenericEntity<List<BuildView>>(all) {}).build();
    }

    @GET
    @Path("{id}")
    @Allow(Right.VIEWER)
    @Operation(id = "getBuild", summary = "Read a build", description = "The build as it stands now.")
    @Answer(status = 200, type = BuildView.class, description = "The build")
    @Fails({404})
    public Response get(@PathParam("service") String service, @PathParam("id") String id) {
        return Response.ok(this.service.find(service, id)).build();
    }

    @GET
    @Path("{id}/output")
    @Produces(MediaType.TEXT_PLAIN)
    @Allow(Right.VIEWER)
    @Operation(
            id = "getBuildOutput",
            summary = "Read a build's output",
            description = "Everything the build printed so far (its last 256 KiB once it has ended), as text.")
    @Answer(status = 200, type = String.class, mediaTypes = MediaType.TEXT_PLAIN, description = "The output")
    @Fails({404})
    public Response output(@PathParam("service") String service, @PathParam("id") String id) {
        return Response.ok(this.service.output(service, id), MediaType.TEXT_PLAIN_TYPE)
                .build();
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Allow(Right.VIEWER)
    @Operation(
            id = "followBuild",
            summary = "Follow a build",
            description = "Server-Sent Events: a `line` event per line of output (those so far first), then `end` with"
                    + " the build as it ended (JSON). A build that has ended already answers its stored output and"
                    + " `end` at once. A replica that stops ends the stream with an event `reconnect` (retry in 1 s):"
                    + " follow again.")
    @Answer(
            status = 200,
            type = BuildView.class,
            mediaTypes = {MediaType.SERVER_SENT_EVENTS},
            description = "The event stream")
    @Fails({404})
    public void follow(
            @PathParam("service") String service,
            @PathParam("id") String id,
            @Context SseEventSink sink,
            @Context Sse sse) {
        BuildView b = this.service.stored(service, id);
        BlockingQueue<Object> events = new ArrayBlockingQueue<>(10_000);
        BuildQueue.Follower follower = BuildQueue.Follower.into(events);
        try (SseEventSink out = sink;
                OpenStreams.Tracked tracked = streams.track(sink, sse)) {
            if (!queue.follow(b.id(), follower)) {
                for (String line : builds.output(b.id()).split("\n")) {
                    if (!line.isEmpty()) {
                        out.send(sse.newEventBuilder().name("line").data(line).build());
                    }
                }
                out.send(end(sse, builds.find(service, id).orElse(b)));
                return;
            }
            try {
                while (!out.isClosed()) {
                    Object next = events.poll(15, TimeUnit.SECONDS);
                    if (next == null) {
                        out.send(sse.newEventBuilder().comment("building").build());
                    } else if (next instanceof String line) {
                        out.send(sse.newEventBuilder().name("line").data(line).build());
                    } else {
                        out.send(end(sse, (BuildView) next));
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                queue.unfollow(b.id(), follower);
            }
        }
    }

    private static jakarta.ws.rs.sse.OutboundSseEvent end(Sse sse, BuildView b) {
        return sse.newEventBuilder()
                .name("end")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(BuildView.class, b)
                .build();
    }

    @DELETE
    @Path("{id}")
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "cancelBuild",
            summary = "Cancel a build",
            description = "A queued build never starts; a running one is stopped: its Job and pod are deleted. It ends"
                    + " CANCELLED (follow `.../events` for the moment it has). 409 when it has ended already.")
    @Answer(status = 202, type = BuildView.class, description = "Cancelling: the build as it was")
    @Fails({404, 409})
    public Response cancel(@PathParam("service") String service, @PathParam("id") String id) {
        return Response.accepted(queue.cancel(this.service.find(service, id))).build();
    }
}
