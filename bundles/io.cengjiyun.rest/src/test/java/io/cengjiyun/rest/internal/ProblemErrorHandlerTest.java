/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Jetty server set up as Felix HTTP sets it up (one servlet context at /, with no error handler of its own, legacy
 * URI compliance), with {@link JettyProblemPages} as its connector factory: what Jetty refuses itself is problem+json.
 */
class ProblemErrorHandlerTest {

    private final ObjectMapper json = new ObjectMapper();
    private Server server;
    private LocalConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.addServlet(
                new ServletHolder(new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                        if (request.getRequestURI().equals("/ok")) {
                            response.getWriter().write("ok");
                        } else {
                            response.sendError(404); // as Felix's dispatcher does where no servlet is registered
                        }
                    }
                }),
                "/*");
        server.setHandler(new ContextHandlerCollection(context));
        server.start();
        connector = (LocalConnector) new JettyProblemPages().createConnector(server);
        connector
                .getConnectionFactory(HttpConnectionFactory.class)
                .getHttpConfiguration()
                .setUriCompliance(UriCompliance.LEGACY);
        server.addConnector(connector);
        connector.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aPercentEncodedNulIsAProblem() throws Exception {
        assertProblem(send("GET /api/v1/services/a%00b HTTP/1.1\r\nHost: t\r\n\r\n"), 400);
    }

    @Test
    void aRawNulInTheRequestLineIsAProblem() throws Exception {
        assertProblem(send("GET /api/v1/a\0b HTTP/1.1\r\nHost: t\r\n\r\n"), 400);
    }

    @Test
    void aDotDotSemicolonSegmentIsAProblem() throws Exception {
        HttpTester.Response response = send("GET /api/v1/..;/services HTTP/1.1\r\nHost: t\r\n\r\n");

        assertProblem(response, 400);
        assertNull(json.readTree(response.getContent()).get("instance"), "the bad path is not echoed");
    }

    @Test
    void headersOfMoreThanTheLimitAreAProblem() throws Exception {
        HttpTester.Response response =
                send("GET /ok HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");

        JsonNode problem = assertProblem(response, 431);
        assertTrue(problem.get("detail").asText().contains("at most 8192 bytes"), problem.toString());
    }

    @Test
    void aUriTooLongIsAProblemWithoutJettysPlaceholderPath() throws Exception {
        HttpTester.Response response = send("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: t\r\n\r\n");

        JsonNode problem = assertProblem(response, 414);
        assertNull(problem.get("instance"), problem.toString());
    }

    @Test
    void aPathNoServletServesIsA404Problem() throws Exception {
        HttpTester.Response response = send("GET /nothing/here HTTP/1.1\r\nHost: t\r\n\r\n");

        JsonNode problem = assertProblem(response, 404);
        assertEquals("/nothing/here", problem.get("instance").asText());
        assertTrue(problem.get("detail").asText().contains("/api/v1"), problem.toString());
    }

    @Test
    void anUnknownMethodTheServletDoesNotImplementIsAProblem() throws Exception {
        assertProblem(send("FOO /ok HTTP/1.1\r\nHost: t\r\n\r\n"), 501);
    }

    @Test
    void aHeadRequestGetsTheStatusWithoutBody() throws Exception {
        String response = connector.getResponse("HEAD /nothing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        assertTrue(response.startsWith("HTTP/1.1 404 "), response);
        assertTrue(response.endsWith("\r\n\r\n"), "no body: " + response);
    }

    @Test
    void whatServletsAnswerIsLeftAlone() throws Exception {
        HttpTester.Response response = send("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n");

        assertEquals(200, response.getStatus());
        assertEquals("ok", response.getContent());
    }

    @Test
    void goingAwayGivesTheServerItsHandlerBack() throws Exception {
        JettyProblemPages pages = new JettyProblemPages();
        Server other = new Server();
        Object before = other.getErrorHandler();
        pages.createConnector(other);

        pages.deactivate();

        assertEquals(before, other.getErrorHandler());
    }

    private HttpTester.Response send(String request) throws Exception {
        return HttpTester.parseResponse(connector.getResponse(request));
    }

    private JsonNode assertProblem(HttpTester.Response response, int status) throws Exception {
        assertEquals(status, response.getStatus(), response.toString() + response.getContent());
        assertEquals("application/problem+json", response.get("Content-Type"));
        String body = response.getContent();
        assertFalse(body.contains("<html"), body);
        JsonNode problem = json.readTree(body);
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.hasNonNull("type") && problem.hasNonNull("title") && problem.hasNonNull("detail"), body);
        assertFalse(body.contains("\tat ") || body.contains("Exception"), body);
        return problem;
    }
}
