/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.After;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The web console at {@code /} in Debian's headless Chromium, as a user works it: signs in, creates a service, an
 * appmap on the local cluster and a server through the forms, watches the server become RUNNING, scales it, stops and
 * starts it, rolls it back with the diff shown; a viewer of the service sees no action. Screenshots of each page at
 * 1280 and 390 px wide go to {@code target/console-screenshots/}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING) // the first run first: on a platform with no cluster and no service
public class ConsoleBrowserIT extends CengjiyunTestSupport {
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final Duration ROLLOUT = Duration.ofSeconds(180);
    private static final String MEMBER_PASSWORD = "member-password-1";

    /** Sets a form field as typing would (the value, then input and change events); fails when it is not there. */
    private static final String SET = "window.cjSet = (sel, v) => { const e = document.querySelector(sel);"
            + " if (!e) throw new Error('no ' + sel);"
            + " const proto = e instanceof HTMLSelectElement ? HTMLSelectElement.prototype"
            + " : e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;"
            + " Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, v);"
            + " e.dispatchEvent(new Event('input', {bubbles: true}));"
            + " e.dispatchEvent(new Event('change', {bubbles: true})); return true; }";

    private HeadlessChromium browser;
    private final String service = "console-" + Long.toString(System.nanoTime(), 36);
    private final String viewer = "viewer-" + Long.toString(System.nanoTime(), 36);
    private final String first = "first-" + Long.toString(System.nanoTime(), 36);
    private final String developer = "developer-" + Long.toString(System.nanoTime(), 36);

    /**
     * The local cluster's setup pointed at a script that is not there: the first run says the local cluster cannot run
     * here (UNAVAILABLE, as on another system or without root) and how to register a cluster instead.
     */
    @Override
    protected void prepareHome(Path home, Map<String, String> frameworkProperties) {
        frameworkProperties.put(
                "cengjiyun.localCluster.script",
                home.resolve("no-kube-local-here").toString());
    }

    @After
    public void cleanUp() throws Exception {
        if (browser != null) {
            browser.close();
        }
        delete("/services/" + service + "?cascade=true");
        delete("/services/" + first + "?cascade=true");
        delete("/users/" + viewer);
        delete("/users/" + developer);
    }

    /**
     * The first run of a platform with no cluster and no service (a runtime not started by ./run.sh, so the local
     * cluster's setup is off): the console offers to register a cluster from a kubeconfig file, then to make a first
     * service with an allotment of it, an appmap and an example server, which it opens, rolling out to RUNNING.
     */
    @Test
    public void aFirstRunRegistersAClusterFromItsFileAndMakesAFirstServer() throws Exception {
        waitForRest();
        assertEquals("[]", get("/clusters").body().replaceAll("\\s", ""));
        browser = HeadlessChromium.start();
        browser.navigate(url("/"));
        signIn("admin", ADMIN_PASSWORD);
        waitFor("#first-run");
        waitFor("#first-run[data-view=unavailable] #first-run-state[data-state=UNAVAILABLE]");
        String detail = text("#first-run-detail");
        assertTrue(detail, detail.contains("not there or not executable") && detail.contains("kubeconfig"));
        waitFor("#kubeconfig-file");
        shoot("first-run-register");

        set("#kubeconfig-name", LOCAL_CLUSTER);
        chooseFile("#kubeconfig-file", LOCAL_KUBECONFIG);
        click("#kubeconfig-register");
        waitFor("#first-service-create");
        assertTrue(body(get("/clusters/" + LOCAL_CLUSTER)).path("reachable").asBoolean());
        shoot("first-run-service");

        set("#first-service-name", first);
        click("#first-service-create");
        String server = "/services/" + first + "/appmaps/dev/servers/hello";
        waitForPath(server);
        waitForState("RUNNING", ROLLOUT);
        assertEquals(
                LOCAL_CLUSTER,
                body(get("/services/" + first + "/allotments"))
                        .get(0)
                        .path("cluster")
                        .asText());
        assertEquals(
                LOCAL_CLUSTER,
                body(get("/services/" + first + "/appmaps/dev")).path("cluster").asText());
    }

    @Test
    public void aUserRunsAServerThroughTheConsole() throws Exception {
        waitForRest();
        registerLocalCluster();
        browser = HeadlessChromium.start();
        browser.navigate(url("/"));

        // sign in
        signIn("admin", ADMIN_PASSWORD);
        // a page that lost its storage (a new tab, say) reads its session back from the cookie
        js("localStorage.clear(); sessionStorage.clear(); true");
        browser.navigate(url("/services"));
        waitFor("#signed-in-user");
        assertTrue(js("!!localStorage.getItem('cj.csrf')").asBoolean());
        shoot("services");

        // a service through its form; the local cluster allotted to it (an administrator's API call)
        click("#nav-services");
        waitFor("#service-name");
        set("#service-name", service);
        set("#service-display-name", "Console test");
        click("#service-create");
        waitForPath("/services/" + service);
        assertEquals(
                200,
                put("/services/" + service + "/allotments", LOCAL_ALLOTMENT).statusCode());
        browser.navigate(url("/services/" + service));
        waitFor("#appmap-new");
        shoot("service");

        // an appmap through its form
        click("#appmap-new");
        waitFor("#appmap-name");
        set("#appmap-name", "dev");
        until(
                "the cluster 'local' is offered",
                () -> js("[...document.querySelectorAll('#appmap-cluster option')].some(o => o.value === 'local')")
                        .asBoolean(),
                PAGE);
        set("#appmap-cluster", "local");
        set("#appmap-quota-cpu", "6");
        set("#appmap-quota-memory", "6Gi");
        set("#appmap-quota-pods", "10");
        set("#appmap-quota-storage", "1Gi");
        click("#appmap-create");
        waitForPath("/services/" + service + "/appmaps/dev");
        assertEquals(200, get("/services/" + service + "/appmaps/dev").statusCode());

        // a server through its form, followed to RUNNING
        waitFor("#server-new");
        click("#server-new");
        waitFor("#server-name");
        set("#server-name", "web");
        set("#server-kind", "Deployment");
        set("#server-replicas", "1");
        set("#container-name", "web");
        set("#container-image", "cengjiyun.test/busybox:1");
        set("#container-pull", "Never");
        set(
                "#container-command",
                "sh -c \"echo written-by-web; mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 8080"
                        + " -h /www\"");
        set("#container-port", "8080");
        set("#revision-message", "from the console");
        shoot("new-server");
        click("#server-save");
        String server = "/services/" + service + "/appmaps/dev/servers/web";
        waitForPath(server);
        waitForState("RUNNING", ROLLOUT);
        JsonNode stored = body(get(server));
        assertEquals(
                "cengjiyun.test/busybox:1",
                stored.path("definition")
                        .path("containers")
                        .get(0)
                        .path("image")
                        .asText());
        shoot("server");
        browser.navigate(url("/services/" + service + "/appmaps/dev"));
        waitFor("#servers-table tr[data-server=web]");
        shoot("appmap");
        browser.navigate(url(server));
        waitFor("[data-test=actions]");

        // scale through the confirmation dialog
        click("#action-scale");
        waitFor("#scale-replicas");
        set("#scale-replicas", "2");
        click("#confirm-ok");
        waitForText("#action-done", "Scaled to 2");
        assertEquals(2, body(get(server)).path("definition").path("replicas").asInt());

        // stop, then start
        click("#action-stop");
        waitFor("dialog[data-test=confirm][open]");
        click("#confirm-ok");
        waitForText("#action-done", "Stopped");
        waitForState("STOPPED", ROLLOUT);
        click("#action-start");
        waitFor("dialog[data-test=confirm][open]");
        click("#confirm-ok");
        waitForText("#action-done", "Started");
        waitForState("RUNNING", ROLLOUT);

        // a change made elsewhere, then rolled back from the revisions with the diff shown
        JsonNode definition = stored.path("definition");
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        definition.path("containers").get(0))
                .putArray("env")
                .addObject()
                .put("name", "GREETING")
                .put("value", "changed");
        assertEquals(
                200, put(server + "?message=changed", definition.toString()).statusCode());
        browser.navigate(url(server));
        int newest = body(get(server + "/revisions")).get(0).path("number").asInt();
        waitFor("#revision-rollback-" + (newest - 1));
        click("#revision-rollback-" + (newest - 1));
        waitFor("#rollback-diff");
        String diff = text("#rollback-diff");
        assertTrue("the rollback's diff shows the change it undoes: " + diff, diff.contains("GREETING"));
        shoot("rollback");
        click("#confirm-ok");
        waitForText("#action-done", "Rolled back");
        assertEquals(
                newest + 1,
                body(get(server + "/revisions")).get(0).path("number").asInt());
        assertFalse(body(get(server)).path("definition").toString().contains("GREETING"));

        // its logs: the line its command wrote, followed
        waitForState("RUNNING", ROLLOUT);
        click("#server-logs");
        waitForText("#log-lines", "written-by-web");
        shoot("logs");

        // its terminal: the service keeps transcripts (its administrator's choice), then a command run in the container
        browser.navigate(url("/services/" + service));
        waitFor("#terminal-record");
        click("#terminal-record");
        waitForAssert(() -> assertTrue(getJson("/services/" + service + "/terminal/settings")
                .path("recordTranscripts")
                .asBoolean()));
        browser.navigate(url(server));
        click("#server-terminal");
        waitFor("#terminal-frame");
        String terminal = "document.querySelector('#terminal-frame').contentWindow";
        until(
                "the terminal is ready",
                () -> js("String(" + terminal + ".cjState)").asText().equals("ready"),
                ROLLOUT);
        js(terminal + ".cjTerminal.focus()");
        browser.insertText("echo cj-$((6*7))");
        browser.pressEnter();
        until(
                "the terminal shows the command's answer",
                () -> js("(() => { const b = " + terminal + ".cjTerminal.buffer.active; const lines = [];"
                                + " for (let i = 0; i < b.length; i++) lines.push(b.getLine(i).translateToString(true));"
                                + " return lines.some(l => l.trim() === 'cj-42'); })()")
                        .asBoolean(),
                PAGE);
        shoot("terminal");

        // the session in the service's list once the page left it, with what its terminal showed
        browser.navigate(url("/services/" + service));
        waitFor("#terminal-sessions-table tr[data-open=false] [id^=terminal-show-]");
        assertTrue(text("#terminal-sessions-table").contains("admin"));
        click("#terminal-sessions-table tr[data-open=false] [id^=terminal-show-]");
        waitForText("#terminal-transcript", "cj-42");
        shoot("service-terminal-sessions");

        // a rollout that cannot go on: the page says why
        JsonNode current = body(get(server)).path("definition");
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        current.path("containers").get(0))
                .put("image", "cengjiyun.test/no-such-image:1");
        assertEquals(200, put(server + "?message=stuck", current.toString()).statusCode());
        browser.navigate(url(server));
        waitFor("#diagnosis li[data-cause]");
        // while the pods of the last rollouts terminate, the quota may be the first cause; then the image is
        waitForText("#diagnosis", "no-such-image");
        shoot("stuck");

        // a viewer of the service sees the server but no action
        signInAsMember(viewer, "viewer");
        browser.navigate(url(server));
        waitFor("[data-test=status] [data-state]");
        assertFalse("a viewer sees no action", present("[data-test=actions]"));
        assertFalse("a viewer cannot roll back", present("[id^=revision-rollback-]"));
        browser.navigate(url("/services/" + service + "/appmaps/dev"));
        waitFor("#servers-table tr[data-server=web]");
        assertFalse("a viewer cannot make servers", present("#server-new"));

        // a developer of the service may act on it, but is refused what the API refuses: the audit log
        signInAsMember(developer, "developer");
        browser.navigate(url(server));
        waitFor("[data-test=actions]");
        browser.navigate(url("/audit"));
        waitFor("[data-test=problem][data-status='403']");
        assertFalse(text("[data-test=problem]").isBlank());
        shoot("refused");
    }

    /**
     * The pages beside a server's life: an appmap's config maps and secrets (a field error shown at its key), a
     * server's drift adopted and its autoscaling set and turned off, an API token made, used and revoked, a backup.
     */
    @Test
    public void aUserKeepsConfigDriftAutoscalingTokensAndBackupsInTheConsole() throws Exception {
        waitForRest();
        assertEquals(201, post("/services", "{\"name\": \"" + service + "\"}").statusCode());
        allotLocalCluster(service);
        assertEquals(
                201, post("/services/" + service + "/appmaps", appMap("dev")).statusCode());
        String appmap = "/services/" + service + "/appmaps/dev";
        String server = appmap + "/servers/web";
        assertEquals(
                201,
                post(
                                appmap + "/servers",
                                "{\"name\": \"web\", \"kind\": \"Deployment\", \"replicas\": 1,"
                                        + " \"terminationGracePeriodSeconds\": 1, \"containers\": [{\"name\": \"web\","
                                        + " \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\","
                                        + " \"command\": [\"sleep\", \"3600\"]}]}")
                        .statusCode());
        browser = HeadlessChromium.start();
        browser.navigate(url(appmap + "/config"));
        signIn("admin", ADMIN_PASSWORD);

        // a config map through its form; a key Kubernetes refuses is named at its field, then fixed
        click("#configmaps-new");
        waitFor("#configmaps-form-name");
        set("#configmaps-form-name", "app-config");
        set("#configmaps-form-key-0", "bad key");
        set("#configmaps-form-value-0", "hello");
        click("#configmaps-form-save");
        waitFor("[data-test='error-data.bad key']");
        assertTrue(text("[data-test='error-data.bad key']").contains("is not a key Kubernetes accepts"));
        shoot("config-error");
        set("#configmaps-form-key-0", "greeting");
        click("#configmaps-form-add");
        set("#configmaps-form-key-1", "app.properties");
        set("#configmaps-form-value-1", "color=blue\nsize=2");
        click("#configmaps-form-save");
        waitFor("#configmaps-table tr[data-name=app-config]");
        JsonNode config = body(get(appmap + "/configmaps/app-config"));
        assertEquals("hello", config.path("data").path("greeting").asText());
        assertEquals(
                "color=blue\nsize=2", config.path("data").path("app.properties").asText());

        // a secret: its keys listed, its value never shown again
        click("#secrets-new");
        waitFor("#secrets-form-name");
        set("#secrets-form-name", "db");
        set("#secrets-form-key-0", "password");
        set("#secrets-form-value-0", "s3cret-value");
        click("#secrets-form-save");
        waitFor("#secrets-table tr[data-name=db]");
        assertTrue(text("#secrets-table").contains("password"));
        assertFalse(js("document.body.innerText.includes('s3cret-value')").asBoolean());
        assertEquals(
                "[\"password\"]", body(get(appmap + "/secrets/db")).path("keys").toString());
        shoot("config");

        // an image registry of the service (tools/kube-local's): its pull secret written into the appmap's
        // namespace, as the page says; then its images browsed, the tag of the busybox it holds with its digest
        LocalRegistry local = LocalRegistry.read(repoFile("tools/kube-local/kube-local"));
        browser.navigate(url("/services/" + service));
        waitFor("#registry-new");
        click("#registry-new");
        waitFor("#registry-name");
        set("#registry-name", "team");
        set("#registry-address", "https://" + local.address + "/v2");
        set("#registry-username", local.user);
        set("#registry-password", local.password);
        set("#registry-ca", java.nio.file.Files.readString(local.ca));
        click("#registry-save");
        waitFor("[data-test='error-address']"); // the API's words at the field: no scheme, no path
        set("#registry-address", local.address);
        click("#registry-save");
        waitFor("#registry-outcome li[data-appmap=dev][data-outcome=applied]");
        waitFor("#registries-table tr[data-registry=team]");
        assertFalse(js("document.body.innerText.includes(" + quote(local.password) + ")")
                .asBoolean());
        click("#registry-browse-team");
        String repository = local.image.substring(local.address.length() + 1).replaceAll(":[^/]*$", "");
        String tag = local.image.substring(local.image.lastIndexOf(':') + 1);
        click("#registry-repositories li[data-repository='" + repository + "'] button");
        waitFor("#registry-repositories li[data-repository='" + repository + "'] tr[data-tag='" + tag + "']");
        assertTrue(
                text("#registry-repositories li[data-repository='" + repository + "']"),
                text("#registry-repositories li[data-repository='" + repository + "'] tr[data-tag='" + tag + "']")
                        .contains("sha256:"));
        shoot("service-registries");

        // an image build through the form, its output followed live to its end: the build counts against the
        // appmap's quota, and with the server there its pod does not fit (no pod runs: nothing loads the machine),
        // which the page says in the quota's words (BuildIT builds and pushes end to end)
        Path context = Files.createTempFile(RuntimeOptions.workDirectory(), "context", ".tar.gz");
        Files.write(
                context,
                LocalRegistry.tarGz(Map.of("Dockerfile", "FROM " + local.image + "\nRUN echo built-in-console\n")));
        click("#build-new");
        waitFor("#build-context");
        chooseFile("#build-context", context);
        until(
                "the registry 'team' is offered",
                () -> js("[...document.querySelectorAll('#build-registry option')].some(o => o.value === 'team')")
                        .asBoolean(),
                PAGE);
        set("#build-registry", "team");
        set("#build-repository", "console/hello");
        set("#build-tag", "1");
        click("#build-start");
        waitFor("#build-output");
        waitForText("#build-end", "FAILED");
        assertTrue(text("#build-end"), text("#build-end").contains("exceeded quota"));
        shoot("service-builds");

        // drift: the Deployment scaled behind the platform's back, seen on the server page and adopted
        waitForAssert(
                () -> assertEquals(
                        "RUNNING", getJson(server + "/status").path("state").asText()),
                ROLLOUT);
        Kubectl.Run scaled = new Kubectl(LOCAL_KUBECONFIG)
                .run(Duration.ofSeconds(60), "scale", "deployment/web", "-n", service + "-dev", "--replicas=2");
        assertEquals(scaled.toString(), 0, scaled.exitCode());
        browser.navigate(url(server));
        until(
                "the page shows the replicas drifted",
                () -> {
                    if (!present("#drift-table tr[data-path='spec.replicas']")) {
                        js("document.querySelector('#drift-check') && document.querySelector('#drift-check').click(),"
                                + " true");
                        return false;
                    }
                    return true;
                },
                PAGE);
        // its images: the digest its pod runs; the image is the node's own, from no registry of the service
        waitFor("#images-table tr[data-container=web]");
        until(
                "the images section shows the digest the pod runs",
                () -> text("#images-table tr[data-container=web]").contains("sha256:"),
                PAGE);
        assertFalse(present("#images-update"));
        shoot("server-drift");
        click("#drift-adopt");
        waitFor("dialog[data-test=confirm][open]");
        click("#confirm-ok");
        waitForText("#action-done", "Adopted");
        JsonNode adopted = body(get(server));
        assertEquals(2, adopted.path("definition").path("replicas").asInt());

        // autoscaling set through its form (once it shows the adopted version), then turned off
        waitFor("#autoscaling-form[data-version='" + adopted.path("version").asInt() + "']");
        set("#autoscaling-min", "1");
        set("#autoscaling-max", "3");
        set("#autoscaling-cpu", "70");
        click("#autoscaling-save");
        waitForText("#action-done", "Autoscaling set");
        JsonNode autoscaling = body(get(server)).path("definition").path("autoscaling");
        assertEquals(3, autoscaling.path("maxReplicas").asInt());
        assertEquals(70, autoscaling.path("cpuUtilization").asInt());
        waitFor("#autoscaling-off");
        shoot("server-autoscaling");
        click("#autoscaling-off");
        waitForText("#action-done", "Autoscaling turned off");
        assertTrue(body(get(server)).path("definition").path("autoscaling").isMissingNode());

        // the appmap: its volumes (none) and its drift (none left)
        browser.navigate(url(appmap));
        waitFor("#volumes-title");
        click("#appmap-drift #drift-check");
        waitFor("#appmap-drift [data-test=drift-none]");
        // newer images: none (the server's image is the node's own), asked on demand
        click("#appmap-images-check");
        waitFor("#appmap-images [data-test=appmap-images-none]");
        shoot("appmap-sections");

        // an API token: shown once, signs a script in, refused from the request after it is revoked
        click("#signed-in-user");
        waitForPath("/account");
        waitFor("#token-name"); // the account page is loaded when first opened
        set("#token-name", "ci-console");
        click("#token-create");
        waitFor("#token-secret");
        String token = text("#token-secret").trim();
        assertEquals(200, send(requestAs(token, "/services").GET()).statusCode());
        shoot("account");
        click("#tokens-table tr[data-token=ci-console] [id^=token-revoke-]");
        waitFor("dialog[data-test=confirm][open]");
        click("#confirm-ok");
        until("the token is gone from the list", () -> !present("#tokens-table tr[data-token=ci-console]"), PAGE);
        assertEquals(401, send(requestAs(token, "/services").GET()).statusCode());

        // a backup of the database
        click("#nav-backups");
        waitFor("#backup-create");
        click("#backup-create");
        waitFor("#backup-done");
        waitFor("#backups-table tr[data-backup]");
        shoot("backups");

        // a cluster's nodes, and the charts of an appmap and of a node
        browser.navigate(url("/clusters/" + LOCAL_CLUSTER));
        waitFor("#nodes-table tr[data-node]");
        shoot("cluster");
        click("#nodes-table tr[data-node] a[id^=node-monitoring-]");
        waitFor("#time-range");
        assertTrue(text("h1").startsWith("Monitoring of node"));
        browser.navigate(url(appmap + "/monitoring"));
        waitFor("#time-range");
        assertEquals("Monitoring of appmap dev", text("h1"));
        waitFor("#metrics-csv");
        shoot("appmap-monitoring");
    }

    /** Chooses a file in a file input, as a user's file dialog would (the DevTools protocol). */
    private void chooseFile(String selector, Path file) throws IOException {
        JsonNode document = browser.call("DOM.getDocument", Map.of());
        JsonNode input = browser.call(
                "DOM.querySelector",
                Map.of("nodeId", document.path("root").path("nodeId").asInt(), "selector", selector));
        browser.call(
                "DOM.setFileInputFiles",
                Map.of("nodeId", input.path("nodeId").asInt(), "files", java.util.List.of(file.toString())));
    }

    // --- the page

    /**
     * A new user made the service's only member with the role (an administrator's API calls), then signed in in the
     * page instead of the one signed in now.
     */
    private void signInAsMember(String user, String role) throws IOException, InterruptedException {
        assertEquals(
                201,
                post("/users", "{\"username\": \"" + user + "\", \"password\": \"" + MEMBER_PASSWORD + "\"}")
                        .statusCode());
        assertEquals(
                200,
                put("/services/" + service + "/members", "[{\"user\": \"" + user + "\", \"role\": \"" + role + "\"}]")
                        .statusCode());
        click("#sign-out");
        signIn(user, MEMBER_PASSWORD);
    }

    /** Signs in with the console's form, once it shows; returns when the page says who is signed in. */
    private void signIn(String user, String password) {
        waitFor("#username");
        set("#username", user);
        set("#password", password);
        click("#signin-submit");
        waitFor("#signed-in-user");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + httpPort() + path;
    }

    private JsonNode js(String expression) {
        try {
            return browser.evaluate(SET + ";\n" + expression);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void set(String selector, String value) {
        js("cjSet(" + quote(selector) + ", " + quote(value) + ")");
    }

    private void click(String selector) {
        waitFor(selector);
        js("document.querySelector(" + quote(selector) + ").click()");
    }

    private boolean present(String selector) {
        return js("!!document.querySelector(" + quote(selector) + ")").asBoolean();
    }

    private String text(String selector) {
        return js("(document.querySelector(" + quote(selector) + ") || {}).textContent || ''")
                .asText();
    }

    private void waitFor(String selector) {
        until("the page shows " + selector, () -> present(selector), PAGE);
    }

    private void waitForPath(String path) {
        until("the page is at " + path, () -> js("location.pathname").asText().equals(path), PAGE);
    }

    private void waitForText(String selector, String text) {
        until(selector + " says '" + text + "'", () -> text(selector).contains(text), ROLLOUT);
    }

    private void waitForState(String state, Duration timeout) {
        until(
                "the server page shows " + state,
                () -> state.equals(js("(document.querySelector('[data-test=status] [data-state]') || {dataset: {}})"
                                + ".dataset.state || ''")
                        .asText()),
                timeout);
    }

    private void until(String what, java.util.function.BooleanSupplier condition, Duration timeout) {
        try {
            waitForAssert(() -> assertTrue(what, condition.getAsBoolean()), timeout);
        } catch (AssertionError e) {
            String problem = text("[data-test=problem]") + " " + text("#action-error");
            throw new AssertionError(
                    "not within " + timeout + ": " + what + "; at "
                            + js("location.pathname").asText() + "; problems shown: " + problem + "\n"
                            + browser.diagnostics() + saved("failure"),
                    e);
        }
    }

    /** The page at 1280 and at 390 px wide, to target/console-screenshots/{name}-{width}.png. */
    private void shoot(String name) throws IOException {
        for (int width : new int[] {390, 1280}) {
            browser.call(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of(
                            "width",
                            width,
                            "height",
                            width == 390 ? 844 : 900,
                            "deviceScaleFactor",
                            1,
                            "mobile",
                            width == 390));
            js("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            assertTrue(
                    name + " at " + width + " px: the page is wider than the window",
                    js("document.documentElement.scrollWidth <= window.innerWidth + 1")
                            .asBoolean());
            saved(name + "-" + width);
        }
        accessible(name);
    }

    /**
     * axe-core (npm, the console's devDependency at the version its lock file pins) run in the page as it is: no
     * serious or critical violation of WCAG 2 A and AA.
     */
    private void accessible(String name) throws IOException {
        if (!js("typeof window.axe === 'object'").asBoolean()) {
            browser.evaluate(
                    Files.readString(repoFile("bundles/io.cengjiyun.console/web/node_modules/axe-core/axe.min.js")));
        }
        JsonNode violations = js("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
                + ".then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ' (' + v.help + '): '"
                + " + v.nodes.map(n => n.target.join(' ')).join(', ')))");
        assertEquals(name + ": axe-core finds " + violations, 0, violations.size());
    }

    private String saved(String name) {
        try {
            Path file = Path.of(System.getProperty("user.dir"), "target", "console-screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, browser.screenshot());
            return "\nscreenshot: " + file;
        } catch (IOException | RuntimeException e) {
            return "\nno screenshot: " + e;
        }
    }

    private String quote(String value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
