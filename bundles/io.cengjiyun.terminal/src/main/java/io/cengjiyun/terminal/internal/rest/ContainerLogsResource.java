/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal.rest;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
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

    @Activate
    public ContainerLogsResource(@Reference Logs logs) {
        this.logs = logs;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Allow(Right.DEVELOPER)
    public Response log(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @PathParam("pod") String pod,
            @PathParam("container") String container,
            @QueryParam("tail") String tail,
            @QueryParam("since") String since,
            @QueryParam("previous") boolean previous,
            @QueryParam("timestamps") boolean timestamps,
            @QueryParam("download") boolean download) {
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
    public void follow(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @PathParam("pod") String pod,
            @PathParam("container") String container,
            @QueryParam("tail") String tail,
            @QueryParam("since") String since,
            @QueryParam("timeout") String timeout,
            @Context SseEventSink sink,
            @Context Sse sse) {
        LogQuery q = LogQuery.parse(tail, since, false, true, ServerLogsResource.DEFAULT_FOLLOW_TAIL, logs.maxLines());
        long seconds = LogStreams.timeout(timeout);
        Target t = logs.targets().of(service, appmap, server);
        LogStreams.follow(sink, sse, seconds, lines -> logs.follow(t, pod, container, q, lines));
    }
}
