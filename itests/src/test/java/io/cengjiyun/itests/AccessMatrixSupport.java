/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;

/**
 * Who may call what: every endpoint of the API x every kind of caller x {own service, other service}.
 * <p>
 * The matrix is {@link #ENDPOINTS}: one line per endpoint with the least a caller needs. A new endpoint
 * joins it, or {@link #everyEndpointOfTheApiIsInTheMatrix} fails. Each cell runs against fresh objects (a
 * service of its own with its members, appmap and server, or a user of its own), so a cell that is allowed
 * to delete cannot spoil the next. For every cell: the expected status; for a denied cell, that nothing
 * changed; for every mutating cell, allowed or denied, its audit record.
 */
public abstract class AccessMatrixSupport extends CengjiyunTestSupport {
    private static final String PASSWORD = "matrix-password-1";
    /** No pods (replicas 0): each fixture's server is applied to the local cluster. */
    private static final String SERVER = "{\"name\": \"web\", \"kind\": \"Deployment\", \"replicas\": 0,"
            + " \"containers\": [{\"name\": \"web\", \"image\": \"cengjiyun.test/busybox:1\","
            + " \"imagePullPolicy\": \"Never\", \"command\": [\"sleep\", \"3600\"]}]}";

    private static final String WEB = "/services/{s}/appmaps/dev/servers/web";

    /** The least a caller needs. */
    enum Need {
        ANYONE,
        USER,
        SELF,
        VIEWER,
        DEVELOPER,
        SERVICE_ADMIN,
        /** A member with the terminal right: no caller of the matrix has it but the platform administrator. */
        TERMINAL,
        PLATFORM_ADMIN
    }

    /** Callers: their role in the "own" service of a cell, and in the "other" one. */
    enum Who {
        ANONYMOUS(null, null),
        VIEWER("viewer", null),
        DEVELOPER("developer", null),
        SERVICE_ADMIN("admin", null),
        ADMIN_OF_OTHER_SERVICE(null, "admin"),
        PLATFORM_ADMIN(null, null);

        final String roleInOwn;
        final String roleInOther;

        Who(String roleInOwn, String roleInOther) {
            this.roleInOwn = roleInOwn;
            this.roleInOther = roleInOther;
        }

        String user() {
            return this == ANONYMOUS ? null : "m-" + name().toLowerCase().replace('_', '-');
        }

        String role(boolean own) {
            return own ? roleInOwn : roleInOther;
        }
    }

    /**
     * One endpoint: method, path ({s} a service, {u} a user, {t} a token id of that user), body, the status of
     * success, and what the caller needs. {@code perService}: the column picks the service; else the user.
     */
    record Endpoint(String method, String path, String body, int success, Need need) {
        boolean mutates() {
            return !method.equals("GET");
        }

        boolean perService() {
            return path.contains("{s}");
        }

        boolean perUser() {
            return path.contains("{u}");
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/health", null, 200, Need.ANYONE),
            new Endpoint("GET", "/openapi.json", null, 200, Need.ANYONE),
            new Endpoint("GET", "/ready", null, 200, Need.ANYONE),
            new Endpoint("GET", "/services", null, 200, Need.USER),
            new Endpoint("POST", "/services", "{\"name\": \"{new}\"}", 201, Need.PLATFORM_ADMIN),
            new Endpoint("GET", "/services/{s}", null, 200, Need.VIEWER),
            new Endpoint("PUT", "/services/{s}", "{\"displayName\": \"Changed\"}", 200, Need.SERVICE_ADMIN),
            new Endpoint("DELETE", "/services/{s}?cascade=true", null, 204, Need.SERVICE_ADMIN),
            new Endpoint("GET", "/services/{s}/members", null, 200, Need.VIEWER),
            new Endpoint("PUT", "/services/{s}/members", "{members}", 200, Need.SERVICE_ADMIN),
            new Endpoint("GET", "/services/{s}/appmaps", null, 200, Need.VIEWER),
            new Endpoint("POST", "/services/{s}/appmaps", appMap("extra"), 201, Need.SERVICE_ADMIN),
            new Endpoint("GET", "/services/{s}/appmaps/dev", null, 200, Need.VIEWER),
            new Endpoint(
                    "PUT",
                    "/services/{s}/appmaps/dev",
                    "{\"cluster\": \"local\", \"environment\": \"test\"," + " \"quota\": " + SMALL_QUOTA + "}",
                    200,
                    Need.SERVICE_ADMIN),
            new Endpoint("DELETE", "/services/{s}/appmaps/dev?cascade=true", null, 204, Need.SERVICE_ADMIN),
            new Endpoint("GET", "/services/{s}/appmaps/dev/servers", null, 200, Need.VIEWER),
            new Endpoint(
                    "POST",
                    "/services/{s}/appmaps/dev/servers",
                    SERVER.replace("\"web\"", "\"api\""),
                    201,
                    Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/servers/web", null, 200, Need.VIEWER),
            new Endpoint(
                    "PUT",
                    "/services/{s}/appmaps/dev/servers/web",
                    SERVER.replace("3600", "7200"),
                    200,
                    Need.DEVELOPER),
            new Endpoint("DELETE", "/services/{s}/appmaps/dev/servers/web", null, 204, Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/servers/web/revisions", null, 200, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/servers/web/revisions/1", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/status", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/rollout?timeout=5", null, 200, Need.VIEWER),
            new Endpoint("POST", WEB + "/stop", null, 200, Need.DEVELOPER),
            new Endpoint("POST", WEB + "/start", null, 200, Need.DEVELOPER),
            new Endpoint("POST", WEB + "/restart", null, 200, Need.DEVELOPER),
            new Endpoint("POST", WEB + "/reconcile", null, 200, Need.DEVELOPER),
            new Endpoint("POST", WEB + "/scale", "{\"replicas\": 0}", 200, Need.DEVELOPER),
            new Endpoint("POST", WEB + "/rollback", "{\"revision\": 1}", 200, Need.DEVELOPER),
            new Endpoint(
                    "PUT",
                    WEB + "/autoscaling",
                    "{\"minReplicas\": 1, \"maxReplicas\": 2, \"cpuUtilization\": 80}",
                    200,
                    Need.DEVELOPER),
            new Endpoint("DELETE", WEB + "/autoscaling", null, 200, Need.DEVELOPER),
            new Endpoint("GET", WEB + "/ports", null, 200, Need.VIEWER),
            new Endpoint(
                    "PUT",
                    WEB + "/ports",
                    "[{\"name\": \"http\", \"port\": 80, \"targetPort\": 8080}]",
                    200,
                    Need.DEVELOPER),
            new Endpoint("GET", WEB + "/objects", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/objects/Deployment/web", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/events", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/diagnosis", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/history", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/diff?from=1&to=1", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/drift", null, 200, Need.VIEWER),
            new Endpoint("POST", WEB + "/drift/reconcile", null, 200, Need.DEVELOPER),
            new Endpoint("POST", WEB + "/drift/adopt", null, 200, Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/overview", null, 200, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/drift", null, 200, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/overview", null, 200, Need.VIEWER),
            new Endpoint("GET", "/clusters/local/nodes", null, 200, Need.PLATFORM_ADMIN),
            new Endpoint("GET", WEB + "/metrics", null, 200, Need.VIEWER),
            new Endpoint("GET", WEB + "/usage", null, 200, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/metrics", null, 200, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/usage", null, 200, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/metrics", null, 200, Need.VIEWER),
            new Endpoint("GET", "/clusters/local/nodes/none/metrics", null, 200, Need.PLATFORM_ADMIN),
            new Endpoint("GET", "/clusters/local/usage", null, 200, Need.PLATFORM_ADMIN),
            // the fixture's server has no pod: an allowed caller is told so (422), a denied one never learns it
            new Endpoint("GET", WEB + "/logs", null, 422, Need.DEVELOPER),
            new Endpoint("GET", WEB + "/logs/search?q=x", null, 422, Need.DEVELOPER),
            new Endpoint("GET", WEB + "/pods/none/containers/web/logs", null, 422, Need.DEVELOPER),
            new Endpoint("POST", WEB + "/terminal/tickets", "{}", 201, Need.TERMINAL),
            new Endpoint("GET", "/services/{s}/terminal/sessions", null, 200, Need.SERVICE_ADMIN),
            new Endpoint(
                    "GET",
                    "/services/{s}/terminal/sessions/0000000000000000/transcript",
                    null,
                    404,
                    Need.SERVICE_ADMIN),
            new Endpoint("DELETE", "/services/{s}/terminal/sessions/0000000000000000", null, 404, Need.SERVICE_ADMIN),
            new Endpoint("GET", "/services/{s}/terminal/settings", null, 200, Need.VIEWER),
            new Endpoint(
                    "PUT", "/services/{s}/terminal/settings", "{\"recordTranscripts\": true}", 200, Need.SERVICE_ADMIN),
            new Endpoint("GET", "/services/{s}/appmaps/dev/configmaps", null, 200, Need.VIEWER),
            new Endpoint(
                    "POST",
                    "/services/{s}/appmaps/dev/configmaps",
                    "{\"name\": \"{new}\", \"data\": {\"a\": \"b\"}}",
                    201,
                    Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/configmaps/site", null, 200, Need.VIEWER),
            new Endpoint(
                    "PUT",
                    "/services/{s}/appmaps/dev/configmaps/site",
                    "{\"name\": \"site\", \"data\": {\"a\": \"c\"}}",
                    200,
                    Need.DEVELOPER),
            new Endpoint("DELETE", "/services/{s}/appmaps/dev/configmaps/site", null, 204, Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/secrets", null, 200, Need.VIEWER),
            new Endpoint(
                    "POST",
                    "/services/{s}/appmaps/dev/secrets",
                    "{\"name\": \"{new}\", \"data\": {\"a\": \"b\"}}",
                    201,
                    Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/secrets/site", null, 200, Need.VIEWER),
            new Endpoint(
                    "PUT",
                    "/services/{s}/appmaps/dev/secrets/site",
                    "{\"name\": \"site\", \"data\": {\"a\": \"c\"}}",
                    200,
                    Need.DEVELOPER),
            new Endpoint("DELETE", "/services/{s}/appmaps/dev/secrets/site", null, 204, Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/registries", null, 200, Need.VIEWER),
            new Endpoint(
                    "POST",
                    "/services/{s}/registries",
                    "{\"name\": \"{new}\", \"address\": \"registry.example.com\", \"username\": \"u\","
                            + " \"password\": \"p\"}",
                    201,
                    Need.SERVICE_ADMIN),
            new Endpoint("GET", "/services/{s}/registries/site", null, 200, Need.VIEWER),
            new Endpoint(
                    "PUT",
                    "/services/{s}/registries/site",
                    "{\"address\": \"registry.example.com\", \"username\": \"v\"}",
                    200,
                    Need.SERVICE_ADMIN),
            new Endpoint("DELETE", "/services/{s}/registries/site", null, 200, Need.SERVICE_ADMIN),
            // browsing asks the registry itself: a registry the service does not have (404) keeps every packet here
            new Endpoint("GET", "/services/{s}/registries/none/repositories", null, 404, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/registries/none/repositories/it/web/tags", null, 404, Need.VIEWER),
            // the server's image is from no registry of the service: not compared, nothing newer to roll out (409)
            new Endpoint("GET", "/services/{s}/appmaps/dev/servers/web/images", null, 200, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/images", null, 200, Need.VIEWER),
            new Endpoint("POST", "/services/{s}/appmaps/dev/servers/web/images/update", null, 409, Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/builds", null, 200, Need.VIEWER),
            // no context and no parameters: refused with the fields to give (422), after the access check
            new Endpoint("POST", "/services/{s}/builds", null, 422, Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/builds/none", null, 404, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/builds/none/output", null, 404, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/builds/none/events", null, 404, Need.VIEWER),
            new Endpoint("DELETE", "/services/{s}/builds/none", null, 404, Need.DEVELOPER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/volumes", null, 200, Need.VIEWER),
            new Endpoint("GET", "/services/{s}/appmaps/dev/status", null, 200, Need.VIEWER),
            new Endpoint("POST", "/services/{s}/appmaps/dev/reconcile", null, 200, Need.DEVELOPER),
            new Endpoint("GET", "/users", null, 200, Need.PLATFORM_ADMIN),
            new Endpoint(
                    "POST",
                    "/users",
                    "{\"username\": \"{new}\", \"password\": \"" + PASSWORD + "\"}",
                    201,
                    Need.PLATFORM_ADMIN),
            new Endpoint("GET", "/users/{u}", null, 200, Need.SELF),
            new Endpoint("PUT", "/users/{u}", "{\"displayName\": \"Changed\"}", 200, Need.SELF),
            new Endpoint("DELETE", "/users/{u}", null, 204, Need.PLATFORM_ADMIN),
            new Endpoint("GET", "/users/{u}/tokens", null, 200, Need.SELF),
            new Endpoint("POST", "/users/{u}/tokens", "{\"name\": \"ci\"}", 201, Need.SELF),
            new Endpoint("DELETE", "/users/{u}/tokens/{t}", null, 204, Need.SELF),
            new Endpoint("GET", "/audit", null, 200, Need.PLATFORM_ADMIN),
            new Endpoint("GET", "/backups", null, 200, Need.PLATFORM_ADMIN),
            new Endpoint("POST", "/backups", "{}", 201, Need.PLATFORM_ADMIN),
            new Endpoint("GET", "/clusters", null, 200, Need.PLATFORM_ADMIN),
            new Endpoint(
                    "POST",
                    "/clusters",
                    "{\"name\": \"{new}\", \"kubeconfig\": {kubeconfig}}",
                    201,
                    Need.PLATFORM_ADMIN),
            new Endpoint("GET", "/clusters/{c}", null, 200, Need.PLATFORM_ADMIN),
            new Endpoint("POST", "/clusters/{c}/refresh", null, 200, Need.PLATFORM_ADMIN),
            new Endpoint("DELETE", "/clusters/{c}", null, 204, Need.PLATFORM_ADMIN),
            // the first run's local cluster: off in this runtime (not started by ./run.sh), so starting it is refused
            new Endpoint("GET", "/setup/local-cluster", null, 200, Need.USER),
            new Endpoint("POST", "/setup/local-cluster", null, 409, Need.PLATFORM_ADMIN),
            new Endpoint("GET", "/services/{s}/allotments", null, 200, Need.VIEWER),
            new Endpoint("PUT", "/services/{s}/allotments", LOCAL_ALLOTMENT, 200, Need.PLATFORM_ADMIN));

    /** Calls outside the matrix, each tested on its own in SecurityIT: signing in and out. */
    static final Set<String> OUTSIDE =
            Set.of("post /auth/token", "post /auth/session", "get /auth/session", "delete /auth/session");

    private static final Map<Who, String> TOKENS = new LinkedHashMap<>();
    /** The fixtures' services: each has an appmap, a namespace on the local cluster, until the test deletes them. */
    private static final List<String> FIXTURES = java.util.Collections.synchronizedList(new ArrayList<>());

    private static final AtomicInteger CELLS = new AtomicInteger();

    /** The user of the cells that name another user than the caller, until a cell changes it. */
    private String victim;

    /** Each part of the matrix runs more than this many cells: more than 200 in all, as when it ran in one class. */
    static final int CELLS_PER_PART = 100;

    @Before
    public void callers() throws Exception {
        long started = System.nanoTime();
        waitForRest();
        if (!TOKENS.isEmpty()) {
            return;
        }
        System.out.printf(
                "AccessMatrix: the runtime answered after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        registerLocalCluster();
        for (Who who : Who.values()) {
            if (who.user() != null) {
                HttpResponse<String> created = post(
                        "/users",
                        "{\"username\": \"" + who.user() + "\", \"password\": \"" + PASSWORD + "\", \"platformAdmin\": "
                                + (who == Who.PLATFORM_ADMIN) + "}");
                assertEquals(created.body(), 201, created.statusCode());
                // a token of theirs, made by the platform administrator: signing in (a password hash each, 1.5-3 s
                // with C1 only) is SecurityIT's; a token of a user has that user's rights, whoever made it
                TOKENS.put(
                        who,
                        body(post("/users/" + who.user() + "/tokens", "{\"name\": \"matrix\"}"))
                                .get("token")
                                .asText());
            }
        }
        System.out.printf(
                "AccessMatrix: the cluster and %d callers after %d ms%n",
                TOKENS.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The cells of these endpoints (a part of {@link #ENDPOINTS}: the parts run in test classes of their own, side by
     * side), more than {@code atLeast} of them.
     */
    protected void everyCellAnswersAsTheMatrixSays(List<Endpoint> endpoints, int atLeast) throws Exception {
        List<String> failures = new ArrayList<>();
        int cells = 0;
        // A cell that succeeds and changes something uses its fixture up; a denied cell (its check proves that it
        // changed nothing) or a read leaves it as it was, for the next cell of its column.
        long started = System.nanoTime();
        Map<Boolean, java.util.Deque<String>> services = fixtures(endpoints);
        System.out.printf(
                "AccessMatrix: %d fixture services in %d ms%n",
                services.get(true).size() + services.get(false).size(), (System.nanoTime() - started) / 1_000_000);
        for (Endpoint endpoint : endpoints) {
            long endpointStarted = System.nanoTime();
            for (Who who : Who.values()) {
                for (boolean own : new boolean[] {true, false}) {
                    if (!endpoint.perService() && !endpoint.perUser() && !own) {
                        continue; // one column only: the endpoint names no service and no user
                    }
                    if (endpoint.path().equals("/users/{u}")
                            && endpoint.method().equals("DELETE")
                            && own
                            && who == Who.PLATFORM_ADMIN) {
                        continue; // the platform admin deleting themselves would end the test's platform admin
                    }
                    cells++;
                    String service = endpoint.perService() ? services.get(own).peek() : null;
                    String failure = cell(endpoint, who, own, service);
                    if (failure != null) {
                        failures.add(failure);
                    }
                    if (service != null && (failure != null || usesUp(endpoint, who, own))) {
                        services.get(own).pop();
                    }
                }
            }
            System.out.printf(
                    "AccessMatrix: %s %s: %d ms%n",
                    endpoint.method(), endpoint.path(), (System.nanoTime() - endpointStarted) / 1_000_000);
        }
        assertTrue(
                failures.size() + " of " + cells + " cells failed:\n" + String.join("\n", failures),
                failures.isEmpty());
        assertTrue("the matrix ran " + cells + " cells", cells > atLeast);
    }

    protected void everyEndpointOfTheApiIsInTheMatrix() throws Exception {
        JsonNode paths = body(get("/openapi.json")).get("paths");
        Set<String> inMatrix = new TreeSet<>();
        for (Endpoint e : ENDPOINTS) {
            inMatrix.add(e.method().toLowerCase() + " "
                    + e.path()
                            .replaceAll("\\?.*", "")
                            .replace("{s}", "{service}")
                            .replace("{u}", "{user}")
                            .replace("{t}", "{id}")
                            .replace("/appmaps/dev", "/appmaps/{appmap}")
                            .replace("/servers/web", "/servers/{server}")
                            .replace("/revisions/1", "/revisions/{number}")
                            .replace("{c}", "{cluster}")
                            .replace("/clusters/local/", "/clusters/{cluster}/")
                            .replace("/objects/Deployment/web", "/objects/{kind}/{name}")
                            .replace("/configmaps/site", "/configmaps/{name}")
                            .replace("/secrets/site", "/secrets/{name}")
                            .replace("/registries/site", "/registries/{name}")
                            .replace("/registries/none/", "/registries/{name}/")
                            .replace("/repositories/it/web/", "/repositories/{repository}/")
                            .replace("/builds/none", "/builds/{id}")
                            .replace("/pods/none/containers/web/", "/pods/{pod}/containers/{container}/")
                            .replace("/sessions/0000000000000000", "/sessions/{id}")
                            .replace("/nodes/none/", "/nodes/{node}/"));
        }
        Set<String> missing = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String call = methods.next() + " " + path.getKey();
                if (!inMatrix.contains(call) && !OUTSIDE.contains(call)) {
                    missing.add(call);
                }
            }
        }
        assertTrue("endpoints of the API missing from the access matrix: " + missing, missing.isEmpty());
    }

    protected void aListOfServicesNeverShowsAnotherTeamsNames() throws Exception {
        String a = fixture(true);
        String b = fixture(false);
        HttpResponse<String> asViewer =
                send(requestAs(TOKENS.get(Who.VIEWER), "/services").GET());
        assertTrue(asViewer.body(), asViewer.body().contains("\"" + a + "\""));
        assertTrue(
                "the viewer of " + a + " sees " + b + ": " + asViewer.body(),
                !asViewer.body().contains("\"" + b + "\""));
        HttpResponse<String> asOther = send(
                requestAs(TOKENS.get(Who.ADMIN_OF_OTHER_SERVICE), "/services").GET());
        assertTrue(
                asOther.body(),
                asOther.body().contains("\"" + b + "\"") && !asOther.body().contains("\"" + a + "\""));
        HttpResponse<String> asPlatformAdmin =
                send(requestAs(TOKENS.get(Who.PLATFORM_ADMIN), "/services").GET());
        assertTrue(
                asPlatformAdmin.body(),
                asPlatformAdmin.body().contains("\"" + a + "\"")
                        && asPlatformAdmin.body().contains("\"" + b + "\""));
        HttpResponse<String> missing = send(
                requestAs(TOKENS.get(Who.VIEWER), "/services/no-such-service").GET());
        HttpResponse<String> foreign =
                send(requestAs(TOKENS.get(Who.VIEWER), "/services/" + b).GET());
        assertEquals(
                "a service one is not a member of and one that does not exist answer alike",
                missing.statusCode(),
                foreign.statusCode());
    }

    /** A cell that succeeds and changes something: its fixture is not as it was any more. */
    private boolean usesUp(Endpoint endpoint, Who who, boolean own) {
        return endpoint.mutates() && expected(endpoint, who, own, null) == endpoint.success();
    }

    /**
     * The fixtures of the matrix's cells that name a service: for the "own" column (true) and the "other" one, one
     * for each cell that uses its fixture up and one more. Placing an appmap takes the local cluster a while, so
     * they are made in parallel, and all before the first cell: a cell's check that nothing changed reads the list of
     * all services.
     */
    private Map<Boolean, java.util.Deque<String>> fixtures(List<Endpoint> endpoints) throws Exception {
        Map<Boolean, Integer> needed = new java.util.HashMap<>(Map.of(true, 1, false, 1));
        for (Endpoint endpoint : endpoints) {
            for (Who who : Who.values()) {
                for (boolean own : new boolean[] {true, false}) {
                    if (endpoint.perService() && usesUp(endpoint, who, own)) {
                        needed.merge(own, 1, Integer::sum);
                    }
                }
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            Map<Boolean, List<java.util.concurrent.Future<String>>> made =
                    Map.of(true, new ArrayList<>(), false, new ArrayList<>());
            for (Map.Entry<Boolean, Integer> column : needed.entrySet()) {
                for (int i = 0; i < column.getValue(); i++) {
                    made.get(column.getKey()).add(pool.submit(() -> fixture(column.getKey())));
                }
            }
            Map<Boolean, java.util.Deque<String>> services = new java.util.HashMap<>();
            for (Map.Entry<Boolean, List<java.util.concurrent.Future<String>>> column : made.entrySet()) {
                java.util.Deque<String> fixtures = new java.util.ArrayDeque<>();
                for (java.util.concurrent.Future<String> f : column.getValue()) {
                    fixtures.add(f.get());
                }
                services.put(column.getKey(), fixtures);
            }
            return services;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one cell; null when it behaved, else what went wrong. */
    private String cell(Endpoint endpoint, Who who, boolean own, String service) throws Exception {
        int n = CELLS.incrementAndGet();
        String user = null;
        String tokenId = null;
        if (endpoint.perUser()) {
            // own: the caller's own account (anonymous has none); other: a user the caller is not, kept for the next
            // cells until one changes it (a password hash each: a fresh one per cell cost most of the class's time)
            if (own && who.user() != null) {
                user = who.user();
            } else {
                if (victim == null) {
                    victim = newUser("m-victim-" + n);
                }
                user = victim;
            }
            if (endpoint.path().contains("{t}")) {
                tokenId = body(post("/users/" + user + "/tokens", "{\"name\": \"victim\"}"))
                        .get("id")
                        .asText();
            }
        }
        String cluster = null;
        if (endpoint.path().contains("{c}")) {
            // An unreachable cluster: registering it is quick and starts no informer.
            cluster = "m-cl-" + n;
            check(
                    post(
                            "/clusters",
                            json.writeValueAsString(Map.of("name", cluster, "kubeconfig", ClusterIT.UNREACHABLE))),
                    201);
        }
        String path = endpoint.path()
                .replace("{c}", String.valueOf(cluster))
                .replace("{s}", String.valueOf(service))
                .replace("{u}", String.valueOf(user))
                .replace("{t}", String.valueOf(tokenId));
        String requestBody = endpoint.body() == null
                ? null
                : endpoint.body()
                        .replace("{new}", "m-new-" + n)
                        .replace("{members}", members(own, service))
                        .replace("{kubeconfig}", json.writeValueAsString(ClusterIT.UNREACHABLE));
        int expected = expected(endpoint, who, own, user);
        // a refused call (denied, or allowed and answered 4xx, e.g. a log of a server without pods) changes nothing
        String before = expected >= 400 ? fingerprint(service, user) + clusters() : null;

        HttpRequest.Builder request = requestAs(TOKENS.get(who), path)
                .header(
                        "Accept",
                        path.contains("/rollout") || path.contains("/builds/") && path.endsWith("/events")
                                ? "text/event-stream"
                                : path.endsWith("/logs") || path.endsWith("/transcript") || path.endsWith("/output")
                                        ? "text/plain"
                                        : "application/json");
        if (requestBody != null) {
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(requestBody));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = send(request);
        if (user != null && user.equals(victim) && (response.statusCode() != expected || usesUp(endpoint, who, own))) {
            victim = null; // changed (or perhaps changed): the next cell gets a fresh one
        }
        String cell = endpoint.method() + " " + endpoint.path() + " as " + who + " (" + (own ? "own" : "other") + "): ";
        if (response.statusCode() != expected) {
            return cell + "expected " + expected + ", got " + response.statusCode() + " " + response.body();
        }
        if (expected >= 400) {
            try {
                assertProblem(response, expected);
            } catch (AssertionError e) {
                return cell + e.getMessage();
            }
            String after = fingerprint(service, user) + clusters();
            if (!before.equals(after)) {
                return cell + "refused, but the data changed:\n  before " + before + "\n  after  " + after;
            }
        }
        if (endpoint.mutates()) {
            return audited(cell, who, endpoint.method(), path.replaceAll("\\?.*", ""), service, expected);
        }
        return null;
    }

    /** The newest audit record of the caller is this call, with its outcome. */
    private String audited(String cell, Who who, String method, String path, String service, int status)
            throws Exception {
        String actor = who.user() == null ? "anonymous" : who.user();
        JsonNode records = body(get("/audit?limit=1&user=" + URLEncoder.encode(actor, StandardCharsets.UTF_8)));
        if (records.size() != 1) {
            return cell + "no audit record for " + actor;
        }
        JsonNode r = records.get(0);
        String outcome = status < 400 ? "success" : status == 401 || status == 403 ? "denied" : "failed";
        if (!r.get("action").asText().equals(method)
                || !r.get("target").asText().equals(path)
                || r.get("status").asInt() != status
                || !r.get("outcome").asText().equals(outcome)
                || (service != null && !service.equals(r.path("service").asText()))
                || !r.hasNonNull("at")
                || !r.path("address").asText().equals("127.0.0.1")) {
            return cell + "audit record does not match (" + method + " " + path + " " + status + " " + outcome + "): "
                    + r;
        }
        return null;
    }

    private int expected(Endpoint endpoint, Who who, boolean own, String user) {
        if (endpoint.need() == Need.ANYONE) {
            return endpoint.success();
        }
        if (who == Who.ANONYMOUS) {
            return 401;
        }
        if (who == Who.PLATFORM_ADMIN) {
            return endpoint.success();
        }
        String role = who.role(own);
        boolean allowed = switch (endpoint.need()) {
            case USER -> true;
            case SELF -> who.user().equals(user);
            case VIEWER -> role != null;
            case DEVELOPER -> "developer".equals(role) || "admin".equals(role);
            case SERVICE_ADMIN -> "admin".equals(role);
            default -> false;
        };
        return allowed ? endpoint.success() : 403;
    }

    /**
     * How this class's fixture services begin. Their namespaces live on the one local cluster, where the classes of the
     * matrix run side by side: each needs names of its own, or one deletes what the other is using.
     */
    protected abstract String servicePrefix();

    /**
     * A fresh service with an appmap "dev" and a server "web" (2 revisions). Own: the viewer, developer and service
     * admin are members with their roles. Other: only the admin of the other service is, as admin.
     */
    private String fixture(boolean own) throws Exception {
        String service = servicePrefix() + CELLS.incrementAndGet();
        check(post("/services", "{\"name\": \"" + service + "\"}"), 201);
        check(put("/services/" + service + "/members", members(own, service)), 200);
        FIXTURES.add(service);
        allotLocalCluster(service);
        check(post("/services/" + service + "/appmaps", appMap("dev")), 201);
        check(post("/services/" + service + "/appmaps/dev/servers", SERVER), 201);
        check(put("/services/" + service + "/appmaps/dev/servers/web", SERVER), 200);
        check(
                post(
                        "/services/" + service + "/appmaps/dev/configmaps",
                        "{\"name\": \"site\", \"data\": {\"a\": \"b\"}}"),
                201);
        check(
                post("/services/" + service + "/appmaps/dev/secrets", "{\"name\": \"site\", \"data\": {\"a\": \"b\"}}"),
                201);
        check(
                post(
                        "/services/" + service + "/registries",
                        "{\"name\": \"site\", \"address\": \"registry.example.com\", \"username\": \"u\","
                                + " \"password\": \"p\"}"),
                201);
        return service;
    }

    /** The fixtures' namespaces would pile up in the shared local cluster: their services go, with their appmaps. */
    @After
    public void deleteFixtures() throws Exception {
        List<String> services;
        synchronized (FIXTURES) {
            services = new ArrayList<>(FIXTURES);
            FIXTURES.clear();
        }
        long started = System.nanoTime();
        // Eight at a time, as a team's parallel clean-up would: every delete must succeed (no lock timeout, no 503).
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> deletions = new ArrayList<>();
            for (String service : services) {
                deletions.add(pool.submit(() -> send(request("/services/" + service + "?cascade=true")
                        .timeout(java.time.Duration.ofSeconds(120))
                        .DELETE()
                        .header("Accept", "application/json"))));
            }
            List<String> failures = new ArrayList<>();
            for (java.util.concurrent.Future<HttpResponse<String>> deletion : deletions) {
                HttpResponse<String> r = deletion.get();
                if (r.statusCode() != 204 && r.statusCode() != 404) {
                    failures.add(r.uri() + ": " + r.statusCode() + " " + r.body());
                }
            }
            assertTrue("fixtures not deleted:\n" + String.join("\n", failures), failures.isEmpty());
            System.out.printf(
                    "AccessMatrix: %d fixture services deleted in %d ms%n",
                    services.size(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String members(boolean own, String service) {
        List<String> members = new ArrayList<>();
        for (Who who : Who.values()) {
            String role = who.role(own);
            if (role != null) {
                members.add("{\"user\": \"" + who.user() + "\", \"role\": \"" + role + "\"}");
            }
        }
        return "[" + String.join(", ", members) + "]";
    }

    private String newUser(String name) throws Exception {
        check(post("/users", "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\"}"), 201);
        return name;
    }

    /** Everything a denied call could have changed, read as the platform administrator. */
    private String fingerprint(String service, String user) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append(get("/services").body());
        sb.append(strip(get("/users").body()));
        if (service != null) {
            String base = "/services/" + service;
            for (String path : List.of(
                    base,
                    base + "/members",
                    base + "/allotments",
                    base + "/appmaps",
                    base + "/appmaps/dev/servers",
                    base + "/appmaps/dev/servers/web/revisions",
                    base + "/appmaps/dev/configmaps",
                    base + "/appmaps/dev/secrets")) {
                sb.append(get(path).body());
            }
        }
        if (user != null) {
            sb.append(get("/users/" + user).body())
                    .append(strip(get("/users/" + user + "/tokens").body()));
        }
        return sb.toString();
    }

    /**
     * The registered clusters as registered: name, API server, when. Whether a cluster is reachable, its nodes, its
     * message and the times of its checks are its live state, which the heartbeat changes on a loaded machine; no call
     * changes them (a CI run failed one refused cell in both matrix classes in the same minute, by the look of it a
     * heartbeat that timed out under load in both runtimes).
     */
    private String clusters() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (JsonNode c : body(get("/clusters"))) {
            sb.append(c.path("name").asText())
                    .append(' ')
                    .append(c.path("server").asText())
                    .append(' ')
                    .append(c.path("registeredAt").asText())
                    .append(';');
        }
        return sb.toString();
    }

    /** Without last-use times: reading with a token updates its own, which is not a change of data. */
    private static String strip(String json) {
        return json.replaceAll("\"lastUsedAt\":\"[^\"]*\",?", "");
    }

    private static void check(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            fail("fixture: " + response.request().method() + " " + response.uri() + " answered " + response.statusCode()
                    + " " + response.body());
        }
    }
}
