/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The web terminal on the real cluster, driven by a WebSocket client as a script would: a shell in a server's
 * container that runs commands and follows resizes, who may open one and who may not, the audit of each session with
 * its bytes, the transcript a service may keep, a clear message for an image without a shell, and no shell process
 * left in the container once the client closes or its connection drops.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TerminalIT extends ServerTestSupport {
    private static final Duration SHELL = Duration.ofSeconds(30);
    private static final String PASSWORD = "terminal-it-password-1";

    @Override
    protected String servicePrefix() {
        return "term";
    }

    private URI socket(String server, String query) {
        return URI.create("ws://127.0.0.1:" + httpPort() + "/ws/v1" + servers.substring(0) + "/" + server + "/terminal"
                + (query.isEmpty() ? "" : "?" + query));
    }

    private String ticket(String token, String server) throws Exception {
        HttpResponse<String> issued = send(requestAs(token, servers + "/" + server + "/terminal/tickets")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json"));
        assertEquals(issued.body(), 201, issued.statusCode());
        JsonNode t = body(issued);
        assertEquals(
                "/ws/v1" + servers + "/" + server + "/terminal", t.path("path").asText());
        return URLEncoder.encode(t.path("ticket").asText(), StandardCharsets.UTF_8);
    }

    private TerminalClient open(String server, String query) {
        TerminalClient.Upgrade upgrade = TerminalClient.open(http, socket(server, query), Map.of());
        assertEquals("the upgrade of " + query, 101, upgrade.status());
        return upgrade.client();
    }

    /** Runs a script in the pod's container without a TTY, straight through fabric8; its output. */
    private String inContainer(String pod, String script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch w = kube.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer("app")
                .writingOutput(out)
                .exec("sh", "-c", script)) {
            w.exitCode().get(30, TimeUnit.SECONDS);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The processes in the pod's container that carry the session's marker (the shell and what it started). */
    private String processesOf(String pod, String session) throws Exception {
        return inContainer(
                        pod,
                        "for p in /proc/[0-9]*; do grep -q CJ_TERMINAL_SESSION=" + session
                                + " $p/environ 2>/dev/null && echo ${p#/proc/} $(tr '\\0' ' ' < $p/cmdline); done")
                .strip();
    }

    private void user(String name, String role, boolean terminal) throws Exception {
        assertEquals(
                201,
                post("/users", "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\"}")
                        .statusCode());
        HttpResponse<String> members = put(
                "/services/" + service + "/members",
                "[{\"user\": \"" + name + "\", \"role\": \"" + role + "\", \"terminal\": " + terminal + "}]");
        assertEquals(members.body(), 200, members.statusCode());
    }

    @Test
    public void aShellRunsCommandsFollowsResizesIsAuditedAndLeavesNothingBehind() throws Exception {
        create(server("web", "Deployment", 1, "v1", ""));
        waitForState("web", "RUNNING");
        String pod = pods("web").get(0).getMetadata().getName();
        assertEquals(
                200,
                put("/services/" + service + "/terminal/settings", "{\"recordTranscripts\": true}")
                        .statusCode());

        TerminalClient term = open("web", "ticket=" + ticket(adminToken(), "web") + "&cols=100&rows=30");
        JsonNode ready = term.await("ready", SHELL);
        assertEquals(pod, ready.path("pod").asText());
        assertEquals("app", ready.path("container").asText());
        assertEquals(
                "busybox has no bash: the next shell is taken",
                "sh",
                ready.path("shell").asText());
        String session = ready.path("session").asText();

        term.type("echo cj-$((6*7))\r");
        term.awaitOutput("cj-42", SHELL);
        term.type("stty size\r");
        term.awaitOutput("30 100", SHELL);
        term.resize(132, 43);
        term.awaitCommandOutput("stty size\r", "43 132", SHELL);
        term.type("sleep 4321 &\r");
        term.type("echo started-$((40+2))\r");
        term.awaitOutput("started-42", SHELL);
        String running = processesOf(pod, session);
        assertTrue(running, running.contains("sleep 4321"));
        assertTrue(running, running.lines().count() >= 2);

        term.socket.sendClose(1000, "done").join();
        waitForAssert(
                () -> {
                    try {
                        assertEquals("no process of the session is left", "", processesOf(pod, session));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                SHELL);

        // The audit: who, where, how many bytes each way; the same in the service's session list.
        waitForAssert(
                () -> {
                    JsonNode record = getJson("/audit?user=admin&limit=20");
                    JsonNode terminal = null;
                    for (JsonNode r : record) {
                        if ("TERMINAL".equals(r.path("action").asText())
                                && r.path("detail").asText().contains(session)) {
                            terminal = r;
                        }
                    }
                    assertTrue(record.toString(), terminal != null);
                    assertEquals(service, terminal.path("service").asText());
                    assertEquals(
                            servers + "/web/pods/" + pod + "/containers/app",
                            terminal.path("target").asText());
                    assertTrue(
                            terminal.toString(),
                            terminal.path("detail").asText().contains("bytes in " + term.sent + ","));
                },
                SHELL);
        JsonNode listed = getJson("/services/" + service + "/terminal/sessions").get(0);
        assertEquals(session, listed.path("id").asText());
        assertEquals("admin", listed.path("user").asText());
        assertEquals(term.sent, listed.path("bytesIn").asLong());
        assertTrue(listed.toString(), listed.path("bytesOut").asLong() > 50);
        assertTrue(listed.toString(), listed.path("ended").isTextual());
        assertTrue(listed.toString(), listed.path("endReason").asText().contains("the client closed the terminal"));
        assertTrue(listed.toString(), listed.path("endReason").asText().contains("process(es) of the shell ended"));
        assertTrue(listed.path("transcript").asBoolean());

        // The transcript, as asciinema plays it: a header, then the output with its times.
        HttpResponse<String> cast =
                send(request("/services/" + service + "/terminal/sessions/" + session + "/transcript")
                        .header("Accept", "application/x-asciicast"));
        assertEquals(cast.body(), 200, cast.statusCode());
        String[] lines = cast.body().split("\n");
        JsonNode header = json.readTree(lines[0]);
        assertEquals(2, header.path("version").asInt());
        assertEquals(100, header.path("width").asInt());
        assertTrue(cast.body(), cast.body().contains("cj-42"));
        assertTrue(cast.body(), cast.body().contains("\"r\",\"132x43\""));
    }

    @Test
    public void aDroppedConnectionEndsTheShellToo() throws Exception {
        create(server("drop", "Deployment", 1, "v1", ""));
        waitForState("drop", "RUNNING");
        String pod = pods("drop").get(0).getMetadata().getName();
        TerminalClient term = open("drop", "ticket=" + ticket(adminToken(), "drop"));
        String session = term.await("ready", SHELL).path("session").asText();
        term.type("echo alive\r");
        term.awaitOutput("alive", SHELL);
        assertFalse(processesOf(pod, session).isEmpty());

        term.socket.abort(); // the TCP connection goes, no close frame: a closed laptop lid, a lost network
        waitForAssert(
                () -> {
                    try {
                        assertEquals("", processesOf(pod, session));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                SHELL);
    }

    @Test
    public void theUpgradeIsRefusedToWhomItMust() throws Exception {
        create(server("guarded", "Deployment", 1, "v1", ""));
        waitForState("guarded", "RUNNING");
        user("devon", "developer", false);
        user("opal", "developer", true);
        String devon = login("devon", PASSWORD);
        String opal = login("opal", PASSWORD);

        assertEquals(
                "anonymous",
                401,
                TerminalClient.open(http, socket("guarded", ""), Map.of()).status());
        assertEquals(
                "a developer without the terminal right",
                403,
                TerminalClient.open(http, socket("guarded", ""), Map.of("Authorization", "Bearer " + devon))
                        .status());
        assertProblem(
                send(requestAs(devon, servers + "/guarded/terminal/tickets")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")),
                403);
        assertEquals(
                "a page of another site, even with a valid token",
                403,
                TerminalClient.open(
                                http,
                                socket("guarded", ""),
                                Map.of("Authorization", "Bearer " + opal, "Origin", "http://evil.example"))
                        .status());
        String ticket = ticket(opal, "guarded");
        TerminalClient ok = TerminalClient.open(
                        http, socket("guarded", "ticket=" + ticket), Map.of("Origin", "http://127.0.0.1:" + httpPort()))
                .client();
        assertEquals(
                "opal's own page", "sh", ok.await("ready", SHELL).path("shell").asText());
        ok.socket.sendClose(1000, "").join();
        assertEquals(
                "a ticket serves once",
                401,
                TerminalClient.open(http, socket("guarded", "ticket=" + ticket), Map.of())
                        .status());
        assertEquals(
                "a ticket of another server",
                401,
                TerminalClient.open(http, socket("web-none", "ticket=" + ticket(opal, "guarded")), Map.of())
                        .status());
        assertEquals(
                "an unknown pod",
                422,
                TerminalClient.open(http, socket("guarded", "pod=nope"), Map.of("Authorization", "Bearer " + opal))
                        .status());

        JsonNode denied = getJson("/audit?user=devon&limit=5");
        boolean audited = false;
        for (JsonNode r : denied) {
            audited |= "TERMINAL".equals(r.path("action").asText())
                    && r.path("status").asInt() == 403;
        }
        assertTrue(denied.toString(), audited);
    }

    @Test
    public void anImageWithoutAShellGetsAClearMessage() throws Exception {
        create("{\"name\": \"bare\", \"kind\": \"Deployment\", \"replicas\": 1, \"terminationGracePeriodSeconds\": 1,"
                + " \"containers\": [{\"name\": \"app\", \"image\": \"k8s.gcr.io/pause:3.2\","
                + " \"imagePullPolicy\": \"Never\"}]}");
        waitForState("bare", "RUNNING");
        TerminalClient term = open("bare", "ticket=" + ticket(adminToken(), "bare"));
        JsonNode error = term.await("error", SHELL);
        assertTrue(error.toString(), error.path("message").asText().contains("has no shell: tried bash, sh, ash"));
        String closed = term.closed.get(SHELL.toSeconds(), TimeUnit.SECONDS);
        assertTrue(closed, closed.startsWith("1008"));
    }

    /** The idle timeout and the limit of terminals per user, both configured, end and refuse shells. */
    @Test
    public void anIdleShellIsEndedAndAUserHasTheMostTerminalsAllowed() throws Exception {
        create(server("idle", "Deployment", 1, "v1", ""));
        waitForState("idle", "RUNNING");
        String pod = pods("idle").get(0).getMetadata().getName();
        // the service object of a bundle's own reference (a tracker's would be given back, and Felix's then refuses)
        var ref = bundleContext.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration config =
                bundleContext.getService(ref).getConfiguration("io.cengjiyun.terminal", "?");
        config.update(new java.util.Hashtable<>(Map.of("idleTimeoutSeconds", 4, "maxSessionsPerUser", 1)));
        try {
            TerminalClient[] first = new TerminalClient[1];
            String[] session = new String[1];
            waitForAssert(
                    () -> { // until the terminal bundle runs with the new configuration
                        try {
                            if (first[0] != null) {
                                first[0].socket.abort();
                            }
                            first[0] = open("idle", "ticket=" + ticket(adminToken(), "idle"));
                            session[0] = first[0].await("ready", SHELL)
                                    .path("session")
                                    .asText();
                            int second = TerminalClient.open(
                                            http, socket("idle", "ticket=" + ticket(adminToken(), "idle")), Map.of())
                                    .status();
                            assertEquals("one terminal per user", 429, second);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    },
                    // the bundle restarts its components for the new configuration: a terminal opened meanwhile is
                    // closed with 1012 and opened again; each try waits for its own shell
                    SHELL.multipliedBy(3));
            JsonNode closing = first[0].await("closing", SHELL);
            assertTrue(closing.toString(), closing.path("reason").asText().startsWith("idle for 4 s"));
            waitForAssert(
                    () -> {
                        try {
                            assertEquals("", processesOf(pod, session[0]));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    },
                    SHELL);
        } finally {
            config.delete();
            bundleContext.ungetService(ref);
            waitForAssert(
                    () -> { // the defaults are back: two terminals at once
                        TerminalClient a = null;
                        TerminalClient b = null;
                        try {
                            a = open("idle", "ticket=" + ticket(adminToken(), "idle"));
                            b = open("idle", "ticket=" + ticket(adminToken(), "idle"));
                            a.await("ready", SHELL);
                            b.await("ready", SHELL);
                        } catch (Exception | AssertionError e) {
                            throw new AssertionError(e);
                        } finally {
                            for (TerminalClient t : new TerminalClient[] {a, b}) {
                                if (t != null) {
                                    t.socket.abort();
                                }
                            }
                        }
                    },
                    SHELL.multipliedBy(3));
        }
    }
}
