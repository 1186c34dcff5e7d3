/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What Jetty refuses before the API sees it, and what no servlet serves, is answered as the API answers its own
 * errors: an RFC 9457 problem, never Jetty's HTML page. The malformed requests go over a raw socket, as a scanner or a
 * broken client sends them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProblemDetailsIT extends CengjiyunTestSupport {

    /** A response read off the socket: status, headers (lower-case names), body. */
    record Raw(int status, Map<String, String> headers, String body) {}

    @Before
    public void runtimeIsUp() {
        waitForRest();
    }

    @Test
    public void aNulByteInThePathIsAProblem() throws Exception {
        assertProblem(raw("GET /api/v1/services/a%00b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 400);
        assertProblem(raw("GET /api/v1/services/a\0b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 400);
    }

    @Test
    public void aDotDotSemicolonSegmentIsAProblem() throws Exception {
        for (String path : new String[] {"/api/v1/..;/services", "/..;/api/v1/services", "/api/v1/services/..;"}) {
            Raw response = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            JsonNode problem = assertProblem(response, 400);
            assertFalse(
                    "the bad path is not echoed: " + response.body(),
                    response.body().contains(path));
            assertFalse(response.body(), problem.has("instance"));
        }
    }

    @Test
    public void aHeaderOf64KbIsAProblem() throws Exception {
        Raw response = raw("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n");

        JsonNode problem = assertProblem(response, 431);
        assertTrue(problem.toString(), problem.get("detail").asText().contains("at most"));
    }

    @Test
    public void anUnknownMethodIsAProblem() throws Exception {
        HttpResponse<String> onTheApi = send(anonymous("/health").method("FOO", HttpRequest.BodyPublishers.noBody()));
        Raw elsewhere = raw("FOO /terminal/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Raw trace = raw("TRACE /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: cj_session=secret\r\n"
                + "Connection: close\r\n\r\n");

        assertProblem(onTheApi, 501);
        assertTrue(onTheApi.body(), body(onTheApi).get("detail").asText().contains("FOO is not implemented"));
        assertProblem(elsewhere, 501);
        assertProblem(trace, 405);
        assertFalse(
                "TRACE does not echo the request: " + trace.body(), trace.body().contains("secret"));
    }

    @Test
    public void aPathOutsideTheApiIsA404Problem() throws Exception {
        HttpResponse<String> outside = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/no/such/page"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> inside = send(anonymous("/no/such/resource").GET());

        assertProblem(outside, 404);
        assertEquals("/no/such/page", body(outside).get("instance").asText());
        assertProblem(inside, 404);
    }

    /**
     * A client generated from the API document accepts only problem details for an operation that answers 204 with
     * no body (only its errors have one): the delete is done, and its error is a problem.
     */
    @Test
    public void aDeleteThatAcceptsOnlyProblemDetailsIsServed() throws Exception {
        String service = "problems-only-" + Long.toString(System.nanoTime(), 36);
        assertEquals(201, post("/services", "{\"name\": \"" + service + "\"}").statusCode());

        HttpResponse<String> deleted =
                send(request("/services/" + service).DELETE().header("Accept", "application/problem+json"));
        HttpResponse<String> again =
                send(request("/services/" + service).DELETE().header("Accept", "application/problem+json"));

        assertEquals(deleted.body(), 204, deleted.statusCode());
        assertProblem(again, 404);
    }

    /**
     * A request that accepts only what the operation does not produce is refused with 406, as problem details that
     * name what it does produce: the health check (JSON only) and a server's diff (JSON or text/x-diff).
     */
    @Test
    public void aRequestAcceptingNothingTheOperationProducesIs406() throws Exception {
        HttpResponse<String> health =
                send(request("/health").header("Accept", "image/png").GET());
        assertProblem(health, 406);
        JsonNode problem = json.readTree(health.body());
        assertTrue(problem.toString(), problem.get("detail").asText().contains("application/json"));

        HttpResponse<String> diff = send(request("/services/none/appmaps/dev/servers/web/diff")
                .header("Accept", "image/png")
                .GET());
        assertProblem(diff, 406);
    }

    private JsonNode assertProblem(Raw response, int status) throws IOException {
        String what = response.status() + " " + response.headers() + " " + response.body();
        assertEquals(what, status, response.status());
        assertEquals(
                what,
                "application/problem+json",
                response.headers().getOrDefault("content-type", "").replaceAll(";.*", ""));
        assertFalse(what, response.body().toLowerCase(Locale.ROOT).contains("<html"));
        assertFalse("no stack trace to the client: " + what, response.body().contains("\tat "));
        JsonNode problem = json.readTree(response.body());
        assertEquals(what, status, problem.get("status").asInt());
        assertTrue(what, problem.hasNonNull("type") && problem.hasNonNull("title") && problem.hasNonNull("detail"));
        return problem;
    }

    /** Sends the bytes as they are and reads the answer until the runtime closes the connection. */
    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytes.write(buffer, 0, n);
                }
            } catch (java.net.SocketException e) {
                // the runtime may reset a connection it refused once it has answered: keep what was read
                if (bytes.size() == 0) {
                    throw e;
                }
            }
            return parse(bytes.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static Raw parse(String response) {
        int end = response.indexOf("\r\n\r\n");
        assertTrue("no complete header in: " + response, end > 0);
        String[] lines = response.substring(0, end).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = response.substring(end + 4);
        return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }
}
