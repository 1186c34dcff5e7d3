/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal.rest;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.terminal.LogLine;
import io.cengjiyun.terminal.LogSearch;
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
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A server's logs: every container of every pod (or one pod, one container) merged in time order, each line prefixed
 * with {@code pod/container |}; followed as Server-Sent Events across restarts and rolling updates; searched.
 */
@Component(service = ServerLogsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/logs")
public class ServerLogsResource {
    static final int DEFAULT_TAIL = 500;
    static final int DEFAULT_FOLLOW_TAIL = 20;
    static final int DEFAULT_SEARCH_TAIL = 5000;

    private final Logs logs;

    @Activate
    public ServerLogsResource(@Reference Logs logs) {
        this.logs = logs;
    }

    @GET
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Allow(Right.DEVELOPER)
    public Response merged(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("pod") String pod,
            @QueryParam("container") String container,
            @QueryParam("tail") String tail,
            @QueryParam("since") String since,
            @QueryParam("previous") boolean previous,
            @QueryParam("timestamps") boolean timestamps,
            @QueryParam("format") String format) {
        LogQuery q = LogQuery.parse(tail, since, previous, timestamps, DEFAULT_TAIL, logs.maxLines());
        Target t = logs.targets().of(service, appmap, server);
        List<LogLine> lines = logs.merged(t, pod, container, q);
        if ("json".equals(format)) {
            return Response.ok(lines, MediaType.APPLICATION_JSON_TYPE).build();
        }
        StreamingOutput text = output -> {
            Writer w = new OutputStreamWriter(output, StandardCharsets.UTF_8);
            for (LogLine l : lines) {
                w.write(l.format(timestamps));
                w.write('\n');
            }
            w.flush();
        };
        return Response.ok(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Allow(Right.DEVELOPER)
    public void follow(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("pod") String pod,
            @QueryParam("container") String container,
            @QueryParam("tail") String tail,
            @QueryParam("since") String since,
            @QueryParam("timeout") String timeout,
            @Context SseEventSink sink,
            @Context Sse sse) {
        LogQuery q = LogQuery.parse(tail, since, false, true, DEFAULT_FOLLOW_TAIL, logs.maxLines());
        long seconds = LogStreams.timeout(timeout);
        Target t = logs.targets().of(service, appmap, server); // 404 before the stream starts
        LogStreams.follow(sink, sse, seconds, lines -> logs.follow(t, pod, container, q, lines));
    }

    @GET
    @Path("search")
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    public LogSearch search(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("q") String query,
            @QueryParam("regex") boolean regex,
            @QueryParam("pod") String pod,
            @QueryParam("container") String container,
            @QueryParam("tail") String tail,
            @QueryParam("since") String since,
            @QueryParam("previous") boolean previous,
            @QueryParam("limit") String limit) {
        LogQuery q = LogQuery.parse(tail, since, previous, true, DEFAULT_SEARCH_TAIL, logs.maxLines());
        int shown = LogStreams.limit(limit, 200, 1000);
        Target t = logs.targets().of(service, appmap, server);
        return logs.search(t, pod, container, q, query, regex, shown);
    }
}
