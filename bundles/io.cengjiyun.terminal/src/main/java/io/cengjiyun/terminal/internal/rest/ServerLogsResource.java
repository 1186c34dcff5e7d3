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
    static final int DEFAULT_SEARCH_LIMIT = 200;

    private static final String POD = "One pod's logs only (a pod of the server; 422 otherwise); default: every pod";
    private static final String CONTAINER =
            "One container's logs only (each pod must have it; 422 otherwise); default: every container";

    private final Logs logs;

    /** Ends the open stream with a reconnect hint when the runtime begins to stop. */
    @Reference
    OpenStreams streams;

    @Activate
    public ServerLogsResource(@Reference Logs logs) {
        this.logs = logs;
    }

    @GET
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "getServerLogs",
            summary = "Read a server's logs, merged",
            description = "The last lines of every container of every pod of the server (or of one pod, one"
                    + " container) read from the cluster now and merged in time order: as text, each line"
                    + " `[time ]pod/container | text`, or with `format=json` as a JSON array of lines (the media type"
                    + " follows `format`, not `Accept`). With `previous`, the previous instance of each container that"
                    + " restarted comes first. 422 when the server has no pod. With `Accept: text/event-stream` the same"
                    + " path follows them (followServerLogs).")
    @Answer(
            type = LogLine.class,
            list = true,
            mediaTypes = {MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON},
            description = "The lines in time order: text (UTF-8), or LogLines as JSON with `format=json`")
    @Fails({406, 422})
    public Response merged(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("pod") @Doc(value = POD, example = "web-7d9c-x2x") String pod,
            @QueryParam("container") @Doc(value = CONTAINER, example = "web") String container,
            @QueryParam("tail")
                    @Doc(
                            value = "The last lines of each container: 0 to " + LogStreams.MAX_TAIL + ", or `all` (that"
                                    + " most); default " + DEFAULT_TAIL,
                            example = "100",
                            defaultValue = "" + DEFAULT_TAIL)
                    String tail,
            @QueryParam("since") @Doc(value = LogStreams.SINCE, example = "10m") String since,
            @QueryParam("previous")
                    @Doc(
                            value =
                                    "Also the previous instance of each container that restarted (before the current one)",
                            defaultValue = "false")
                    boolean previous,
            @QueryParam("timestamps")
                    @Doc(
                            value = "Text lines prefixed with the runtime's timestamp (JSON lines always have `time`)",
                            defaultValue = "false")
                    boolean timestamps,
            @QueryParam("format")
                    @Doc(
                            value = "`json` for a JSON array of LogLines; anything else or left out: text",
                            example = "json")
                    String format) {
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
    @Operation(
            id = "followServerLogs",
            summary = "Follow a server's logs",
            description = "Server-Sent Events (`Accept: text/event-stream`): the last `tail` lines of each container of"
                    + " the server (or of one pod, one container), then each new line as it is written, across"
                    + " restarts and rolling updates (new pods are joined as they start). Each line is an event"
                    + " `line` whose data is a LogLine as JSON; the platform's notices (a container started,"
                    + " restarted or ended) are events `notice`; a comment every 15 s keeps the connection. The"
                    + " stream ends after `timeout` seconds or when the client leaves (or, with an event `reconnect` asking for a retry in 1 s, when the replica"
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
            @QueryParam("pod") @Doc(value = POD, example = "web-7d9c-x2x") String pod,
            @QueryParam("container") @Doc(value = CONTAINER, example = "web") String container,
            @QueryParam("tail")
                    @Doc(
                            value = "The last lines of each container sent first: 0 to " + LogStreams.MAX_TAIL
                                    + ", or `all`; default " + DEFAULT_FOLLOW_TAIL,
                            example = "100",
                            defaultValue = "" + DEFAULT_FOLLOW_TAIL)
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
        LogQuery q = LogQuery.parse(tail, since, false, true, DEFAULT_FOLLOW_TAIL, logs.maxLines());
        long seconds = LogStreams.timeout(timeout);
        Target t = logs.targets().of(service, appmap, server); // 404 before the stream starts
        LogStreams.follow(streams, sink, sse, seconds, lines -> logs.follow(t, pod, container, q, lines));
    }

    @GET
    @Path("search")
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "searchServerLogs",
            summary = "Search a server's logs",
            description = "Reads the last `tail` lines of each container of the server (or of one pod, one container)"
                    + " from the cluster now, merged in time order, and answers the lines that contain `q` (or match"
                    + " it as a regular expression with `regex=true`): the newest `limit` of them, how many matched"
                    + " and how many lines were searched. The platform keeps no copy of the logs: older lines are"
                    + " not searched.")
    @Answer(type = LogSearch.class, description = "The matching lines, in time order, and the counts")
    @Fails({422})
    public LogSearch search(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("q")
                    @Doc(
                            value = "The text to find (or with `regex=true` the Java regular expression)",
                            required = true,
                            maxLength = Logs.MAX_QUERY,
                            example = "ERROR")
                    String query,
            @QueryParam("regex")
                    @Doc(
                            value = "`q` is a regular expression; one that takes too long to match a line (it"
                                    + " backtracks) is refused (422)",
                            defaultValue = "false")
                    boolean regex,
            @QueryParam("pod") @Doc(value = POD, example = "web-7d9c-x2x") String pod,
            @QueryParam("container") @Doc(value = CONTAINER, example = "web") String container,
            @QueryParam("tail")
                    @Doc(
                            value = "The last lines of each container searched: 0 to " + LogStreams.MAX_TAIL + ", or"
                                    + " `all` (that most); default " + DEFAULT_SEARCH_TAIL,
                            example = "20000",
                            defaultValue = "" + DEFAULT_SEARCH_TAIL)
                    String tail,
            @QueryParam("since") @Doc(value = LogStreams.SINCE, example = "1h") String since,
            @QueryParam("previous")
                    @Doc(
                            value = "Also search the previous instance of each container that restarted",
                            defaultValue = "false")
                    boolean previous,
            @QueryParam("limit")
                    @Doc(
                            value = "The most matching lines answered, the newest: 1 to " + Logs.MAX_SHOWN
                                    + "; default " + DEFAULT_SEARCH_LIMIT,
                            type = "integer",
                            minimum = 1,
                            maximum = Logs.MAX_SHOWN,
                            example = "50",
                            defaultValue = "" + DEFAULT_SEARCH_LIMIT)
                    String limit) {
        LogQuery q = LogQuery.parse(tail, since, previous, true, DEFAULT_SEARCH_TAIL, logs.maxLines());
        int shown = LogStreams.limit(limit, DEFAULT_SEARCH_LIMIT, Logs.MAX_SHOWN);
        Target t = logs.targets().of(service, appmap, server);
        return logs.search(t, pod, container, q, query, regex, shown);
    }
}
