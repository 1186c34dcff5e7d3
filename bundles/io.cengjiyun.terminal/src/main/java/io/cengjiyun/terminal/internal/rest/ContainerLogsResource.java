/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.rest.OpenStreams;
import io.cengjiyun.terminal.LogLine;
import io.cengjiyun.terminal.internal.LogQuery;
import io.cengjiyun.terminal.internal.Logs;
import io.cengjiyun.terminal.internal.Target;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.InputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * One container's log as the cluster has it: the last lines, since a time, of the previous instance (after a crash),
 * with timestamps; streamed as it is read (never buffered here), or as a file to download; or followed as
 * Server-Sent Events, restarts included.
 */
@Component(service = ContainerLogsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/pods/{pod}/containers/{container}/logs")
public class ContainerLogsResource {
    private final Logs logs;

    /** Ends the open stream with a reconnect hint when the runtime begins to stop. */
    @Reference
    OpenStreams streams;

    @Activate
    public ContainerLogsResource(@Reference Logs logs) {
        this.logs = logs;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "getContainerLogs",
            summary = "Read one container's log",
            description = "The log of one container of one of the server's pods as the cluster has it (the platform"
                    + " keeps no copy), streamed as the kubelet sends it: all of it, the last `tail` lines, since a"
                    + " time, of the previous instance (after a crash), with timestamps; as a file with `download`."
                    + " A pod or container the server lacks, or a container not started yet, is 422 before the first"
                    + " byte. With `Accept: text/event-stream` the same path follows it (followContainerLogs).")
    @Answer(
            type = String.class,
            mediaTypes = {MediaType.TEXT_PLAIN},
            headers = {"Content-Disposition"},
            description = "The log as text (UTF-8); with `download`, as an attachment with a file name")
    @Fails({406, 422})
    public Response log(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @PathParam("pod") String pod,
            @PathParam("container") String container,
            @QueryParam("tail")
                    @Doc(value = "The last lines only: a number (0 or more) or `all`; default: all", example = "100")
                    String tail,
            @QueryParam("since") @Doc(value = LogStreams.SINCE, example = "10m") String since,
            @QueryParam("previous")
                    @Doc(
                            value = "The log of the container's previous instance (before its last restart); 422 when"
                                    + " it has not restarted",
                            defaultValue = "false")
                    boolean previous,
            @QueryParam("timestamps")
                    @Doc(value = "Each line prefixed with the runtime's RFC 3339 timestamp", defaultValue = "false")
                    boolean timestamps,
            @QueryParam("download")
                    @Doc(
                            value =
                                    "As an attachment named `server_pod_container[_previous].log` (Content-Disposition)",
                            defaultValue = "false")
                    boolean download) {
        LogQuery q = LogQuery.parse(tail, since, previous, timestamps, null, Integer.MAX_VALUE);
        Target t = logs.targets().of(service, appmap, server);
        InputStream in = logs.stream(t, pod, container, q); // errors answered before the first byte
        StreamingOutput body = output -> {
            try (InputStream log = in) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = log.read(buffer)) > 0) {
                    output.write(buffer, 0, n);
                    output.flush();
                }
            }
        };
        Response.ResponseBuilder r = Response.ok(body, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"));
        if (download) {
            r.header(
                    "Content-Disposition",
                    "attachment; filename=\"" + server + "_" + pod + "_" + container + (previous ? "_previous" : "")
                            + ".log\"");
        }
        return r.build();
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "followContainerLogs",
            summary = "Follow one container's log",
            description =
                    "Server-Sent Events (`Accept: text/event-stream`): the last `tail` lines of the container, then"
                            + " each new one, across its restarts; each an event `line` whose data is a LogLine as JSON, a"
                            + " notice of the platform (the container restarted or ended) an event `notice`, a comment every"
                            + " 15 s. The stream ends after `timeout` seconds or when the client leaves (or, with an event `reconnect` asking for a retry in 1 s, when the replica"
                            + " serving it stops: follow again).")
    @Answer(
            type = LogLine.class,
            mediaTypes = {MediaType.SERVER_SENT_EVENTS},
            description = "A stream of `line` and `notice` events, each a LogLine as JSON")
    @Fails({406, 422})
    public void follow(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @PathParam("pod") String pod,
            @PathParam("container") String container,
            @QueryParam("tail")
                    @Doc(
                            value = "The last lines sent first: 0 to " + LogStreams.MAX_TAIL + ", or `all`; default "
                                    + ServerLogsResource.DEFAULT_FOLLOW_TAIL,
                            example = "100",
                            defaultValue = "" + ServerLogsResource.DEFAULT_FOLLOW_TAIL)
                    String tail,
            @QueryParam("since") @Doc(value = LogStreams.SINCE, example = "10m") String since,
            @QueryParam("timeout")
                    @Doc(
                            value = LogStreams.TIMEOUT,
                            type = "integer",
                            minimum = 1,
                            maximum = LogStreams.MAX_FOLLOW_SECONDS,
                            example = "600",
                            defaultValue = "" + LogStreams.DEFAULT_FOLLOW_SECONDS)
                    String timeout,
            @Context SseEventSink sink,
            @Context Sse sse) {
        LogQuery q = LogQuery.parse(tail, since, false, true, ServerLogsResource.DEFAULT_FOLLOW_TAIL, logs.maxLines());
        long seconds = LogStreams.timeout(timeout);
        Target t = logs.targets().of(service, appmap, server);
        LogStreams.follow(streams, sink, sse, seconds, lines -> logs.follow(t, pod, container, q, lines));
    }
}
