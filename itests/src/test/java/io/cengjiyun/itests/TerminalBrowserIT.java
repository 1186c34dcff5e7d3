/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The web terminal as a person uses it, in Debian's headless Chromium: the page at /terminal/ asks to sign in, the
 * form signs in, the terminal opens a shell in the busybox container of a server on the local cluster, and a command
 * typed into it prints its answer; a recorded session's transcript is replayed on the page. Chromium is driven over
 * the DevTools protocol ({@link HeadlessChromium}), from inside the framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TerminalBrowserIT extends ServerTestSupport {
    private static final Duration PAGE = Duration.ofSeconds(60);
    /** What the terminal shows, line by line (trailing blanks cut). */
    private static final String SCREEN = "(() => { const b = cjTerminal.buffer.active; const lines = [];"
            + " for (let i = 0; i < b.length; i++) {"
            + " const l = b.getLine(i); if (l) lines.push(l.translateToString(true)); }"
            + " return lines.join('\\n'); })()";

    private HeadlessChromium browser;

    @Override
    protected String servicePrefix() {
        return "webterm";
    }

    @After
    public void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    public void theTerminalPageSignsInAndRunsACommandInTheContainer() throws Exception {
        create(server("shell", "Deployment", 1, "v1", ""));
        waitForState("shell", "RUNNING");

        String page =
                "http://127.0.0.1:" + httpPort() + "/terminal/?service=" + encode(service) + "&appmap=dev&server=shell";
        browser = HeadlessChromium.start();
        browser.navigate(page);
        signInAsAdmin();
        waitForPage("ready");

        browser.evaluate("cjTerminal.focus()");
        browser.insertText("echo cj-$((6*7))");
        browser.pressEnter();
        // the shell's answer, not the echo of the command typed (which reads cj-$((6*7)))
        String[] screen = new String[1];
        waitForAssert(
                () -> {
                    screen[0] = evaluate(SCREEN);
                    assertTrue(
                            "the terminal shows no cj-42 yet:\n" + screen[0],
                            screen[0].lines().anyMatch(l -> l.strip().equals("cj-42")));
                },
                Duration.ofSeconds(20));
        assertTrue(screen[0], screen[0].contains("echo cj-$((6*7))"));
    }

    @Test
    public void aRecordedSessionIsReplayedInThePage() throws Exception {
        assertEquals(
                200,
                put("/services/" + service + "/terminal/settings", "{\"recordTranscripts\": true}")
                        .statusCode());
        create(server("rec", "Deployment", 1, "v1", ""));
        waitForState("rec", "RUNNING");

        // A recorded session, opened as a script would (the browser signs in meanwhile, see below)
        HttpResponse<String> issued = send(request(servers + "/rec/terminal/tickets")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(issued.body(), 201, issued.statusCode());
        JsonNode ticket = body(issued);
        TerminalClient term = TerminalClient.open(
                        http,
                        URI.create("ws://127.0.0.1:" + httpPort()
                                + ticket.path("path").asText() + "?ticket="
                                + encode(ticket.path("ticket").asText()) + "&cols=90&rows=20"),
                        Map.of())
                .client();
        String session = term.await("ready", PAGE).path("session").asText();
        term.type("echo replayed-$((40+2))\r");
        term.awaitOutput("replayed-42", PAGE);

        // While the session is open: the page signs in, then says the transcript is not there yet. The time this
        // takes is a pause in the transcript, which the replay shortens to 2 s at most, and skips.
        String page = "http://127.0.0.1:" + httpPort() + "/terminal/?service=" + encode(service) + "&replay="
                + encode(session);
        browser = HeadlessChromium.start();
        browser.navigate(page);
        signInAsAdmin();
        waitForPage("error");
        String status = evaluate("document.getElementById('status').textContent");
        assertTrue(status, status.contains("still open"));

        term.type("echo bye-$((6*7))\r");
        term.awaitOutput("bye-42", PAGE);
        term.socket.sendClose(1000, "done").join();
        waitForAssert(
                () -> {
                    JsonNode listed = getJson("/services/" + service + "/terminal/sessions");
                    assertEquals(
                            listed.toString(),
                            session,
                            listed.path(0).path("id").asText());
                    assertTrue(listed.toString(), listed.path(0).path("ended").isTextual());
                    assertTrue(
                            listed.toString(), listed.path(0).path("transcript").asBoolean());
                },
                PAGE);

        browser.navigate(page); // signed in: the cookie stays
        waitForPage("replaying", "replayed");
        String header = evaluate("document.getElementById('target').textContent");
        assertTrue(header, header.startsWith("admin on " + service + " / dev / rec ("));
        browser.evaluate("document.getElementById('skip').click()");
        waitForPage("replayed");
        String[] screen = {evaluate(SCREEN)};
        assertTrue(screen[0], screen[0].lines().anyMatch(l -> l.strip().equals("replayed-42")));
        assertTrue(screen[0], screen[0].lines().anyMatch(l -> l.strip().equals("bye-42")));
        assertEquals("true", evaluate("String(document.getElementById('skip').disabled)"));

        // again: from a cleared screen, at its pace (skipped once more here)
        assertEquals("replaying", evaluate("document.getElementById('again').click(), String(window.cjState)"));
        browser.evaluate("document.getElementById('skip').click()");
        waitForPage("replayed");
        screen[0] = evaluate(SCREEN);
        assertEquals(
                screen[0],
                1,
                screen[0].lines().filter(l -> l.strip().equals("replayed-42")).count());
    }

    @Test
    public void thePageIsServedAtTerminalWithItsOwnFilesOnly() throws Exception {
        HttpResponse<String> index = send(HttpRequest.newBuilder(pageUri("/terminal/?service=a&appmap=b&server=c"))
                .timeout(DEFAULT_TIMEOUT)
                .GET());
        assertEquals(index.body(), 200, index.statusCode());
        assertEquals(
                "text/html",
                index.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        assertTrue(index.body(), index.body().contains("id=\"signin\""));
        // no CDN: every script and style the page loads is its own, by a relative path
        java.util.regex.Matcher refs =
                java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index.body());
        int assets = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            if (ref.startsWith("data:")) {
                continue;
            }
            assertTrue("a file from elsewhere: " + ref, ref.startsWith("./"));
            HttpResponse<String> asset = send(HttpRequest.newBuilder(pageUri("/terminal/" + ref.substring(2)))
                    .GET());
            assertEquals(ref, 200, asset.statusCode());
            assets++;
        }
        assertTrue("the page loads no script or style: " + index.body(), assets >= 2);

        // without the slash: to the page, with its query (its files are relative to /terminal/)
        HttpResponse<String> bare = send(HttpRequest.newBuilder(pageUri("/terminal?service=a&appmap=b&server=c"))
                .GET());
        assertEquals(302, bare.statusCode());
        assertEquals(
                "/terminal/?service=a&appmap=b&server=c",
                URI.create(bare.headers().firstValue("Location").orElse("")).getRawPath() + "?"
                        + URI.create(bare.headers().firstValue("Location").orElse(""))
                                .getRawQuery());
    }

    private URI pageUri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    /** Signs in as the platform administrator with the page's form, once the page shows it. */
    private void signInAsAdmin() throws IOException {
        waitForPage("signin");
        browser.evaluate("document.getElementById('username').focus()");
        browser.insertText("admin");
        browser.evaluate("document.getElementById('password').focus()");
        browser.insertText(ADMIN_PASSWORD);
        browser.pressEnter();
    }

    /** Waits for one of the page's states (window.cjState); fails with what the page shows and logged. */
    private void waitForPage(String... states) {
        java.util.List<String> wanted = java.util.List.of(states);
        String[] last = new String[1];
        try {
            waitForAssert(
                    () -> {
                        last[0] = evaluate("String(window.cjState)");
                        if (last[0].equals("error") && !wanted.contains("error")) {
                            throw new IllegalStateException("the page gave up"); // ends the wait at once
                        }
                        assertTrue("the page's state: " + last[0], wanted.contains(last[0]));
                    },
                    PAGE);
        } catch (AssertionError | IllegalStateException e) {
            throw new AssertionError(
                    "the page did not reach '" + String.join("' or '", wanted) + "' within " + PAGE + " (it is '"
                            + last[0] + "'); status: "
                            + evaluate("document.getElementById('status').textContent")
                            + "\nterminal:\n" + evaluate("window.cjTerminal ? " + SCREEN + " : ''") + "\n"
                            + browser.diagnostics() + screenshot(),
                    e);
        }
    }

    private String evaluate(String expression) {
        try {
            return browser.evaluate(expression).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the page's screenshot went, for a failure's message. */
    private String screenshot() {
        try {
            Path file = Path.of(System.getProperty("cengjiyun.itest.work", "target"), "TerminalBrowserIT.png");
            Files.createDirectories(file.getParent());
            Files.write(file, browser.screenshot());
            return "\nscreenshot: " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return "\nno screenshot: " + e;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
