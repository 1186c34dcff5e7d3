/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.database.Database;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Users, tokens, sessions, rate limits, the audit log and bad input, over real HTTP, the real shell and the
 * real database. Who may call what is {@link AccessMatrixIT}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT extends CengjiyunTestSupport {
    private static final String PASSWORD = "security-password-1";

    @Before
    public void restIsUp() {
        waitForRest();
    }

    private String newUser(String name) throws Exception {
        HttpResponse<String> created =
                post("/users", "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\"}");
        assertEquals(created.body(), 201, created.statusCode());
        return name;
    }

    private HttpResponse<String> getAs(String token, String path) throws Exception {
        return send(requestAs(token, path).GET());
    }

    private HttpResponse<String> signIn(String user, String password) throws Exception {
        return send(anonymous("/auth/token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}")));
    }

    private <T> List<T> column(String sql, String arg) throws Exception {
        Database db = service(Database.class);
        return db.read("test query", c -> {
            List<T> values = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, arg);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        @SuppressWarnings("unchecked")
                        T value = (T) rows.getObject(1);
                        values.add(value);
                    }
                }
            }
            return values;
        });
    }

    @Test
    public void passwordsAreStoredAsSaltedPbkdf2HashesOnly() throws Exception {
        newUser("hash-a");
        newUser("hash-b");
        List<String> a = column("SELECT password_hash FROM users WHERE name = ?", "hash-a");
        List<String> b = column("SELECT password_hash FROM users WHERE name = ?", "hash-b");
        assertTrue(a.get(0), a.get(0).matches("pbkdf2-sha256\\$(\\d+)\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"));
        int iterations = Integer.parseInt(a.get(0).split("\\$")[1]);
        assertTrue("PBKDF2 iterations: " + iterations, iterations >= 600_000);
        assertFalse(a.get(0).contains(PASSWORD));
        assertNotEquals("same password, different salt, different hash", a.get(0), b.get(0));
        assertFalse("the API never shows a hash", get("/users/hash-a").body().contains("pbkdf2"));
    }

    @Test
    public void tokensExpireAreRevocableAndCannotBeTamperedWith() throws Exception {
        newUser("tok");
        String login = login("tok", PASSWORD);
        assertEquals(200, getAs(login, "/users/tok").statusCode());

        // An API token shown once, stored as a hash only, listed without its secret.
        HttpResponse<String> created = send(requestAs(login, "/users/tok/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"ci\"}")));
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode token = body(created);
        String secret = token.get("token").asText();
        assertTrue(secret, secret.matches("cjt_[A-Za-z0-9_-]{43}"));
        Instant expires = Instant.parse(token.get("expiresAt").asText());
        assertTrue(
                "API tokens default to 90 days: " + expires,
                expires.isAfter(Instant.now().plus(Duration.ofDays(89))));
        assertEquals(200, getAs(secret, "/users/tok").statusCode());
        String list = get("/users/tok/tokens").body();
        assertTrue(list, list.contains("\"ci\"") && !list.contains(secret) && !list.contains("\"token\""));
        List<String> hashes = column("SELECT hash FROM tokens WHERE username = ?", "tok");
        assertTrue(hashes.toString(), hashes.size() == 2 && hashes.stream().allMatch(h -> h.matches("[0-9a-f]{64}")));
        assertFalse(hashes.contains(secret));

        // Tampered: one character changed, or cut, or not a token at all.
        char last = secret.charAt(secret.length() - 1);
        String tampered = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertProblem(getAs(tampered, "/users/tok"), 401);
        assertProblem(getAs(secret.substring(0, 40), "/users/tok"), 401);
        assertProblem(
                send(anonymous("/users/tok")
                        .header("Authorization", "Basic dG9rOnNlY3JldA==")
                        .GET()),
                401);
        HttpResponse<String> anonymous = send(anonymous("/users/tok").GET());
        assertProblem(anonymous, 401);
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        // Revoked: refused at once.
        assertEquals(
                204,
                send(requestAs(login, "/users/tok/tokens/" + token.get("id").asText())
                                .DELETE())
                        .statusCode());
        HttpResponse<String> revoked = getAs(secret, "/users/tok");
        assertProblem(revoked, 401);
        assertTrue(revoked.body(), body(revoked).get("detail").asText().contains("revoked"));

        // Expired: a token that lasts two seconds.
        String soon = Instant.now().plusSeconds(2).toString();
        JsonNode shortLived = body(send(requestAs(login, "/users/tok/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"short\", \"expiresAt\": \"" + soon + "\"}"))));
        String shortSecret = shortLived.get("token").asText();
        assertEquals(200, getAs(shortSecret, "/users/tok").statusCode());
        waitForAssert(
                () -> {
                    try {
                        HttpResponse<String> expired = getAs(shortSecret, "/users/tok");
                        assertEquals(401, expired.statusCode());
                        assertTrue(expired.body(), expired.body().contains("expired"));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                Duration.ofSeconds(10));
        // An expiry in the past is refused, naming the field.
        HttpResponse<String> past = send(requestAs(login, "/users/tok/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"old\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}")));
        assertProblem(past, 422);
        assertEquals("expiresAt", body(past).get("errors").get(0).get("field").asText());
    }

    @Test
    public void usersChangeTheirOwnPasswordWithTheCurrentOneAndCannotMakeThemselvesAdmin() throws Exception {
        newUser("self");
        String token = login("self", PASSWORD);
        String elsewhere = login("self", PASSWORD);
        String script = body(send(requestAs(token, "/users/self/tokens")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"script\"}"))))
                .get("token")
                .asText();
        HttpResponse<String> withoutCurrent = send(requestAs(token, "/users/self")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"another-password-2\"}")));
        assertProblem(withoutCurrent, 422);
        assertEquals(
                "currentPassword",
                body(withoutCurrent).get("errors").get(0).get("field").asText());
        HttpResponse<String> changed = send(requestAs(token, "/users/self")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"password\": \"another-password-2\", \"currentPassword\": \"" + PASSWORD + "\"}")));
        assertEquals(changed.body(), 200, changed.statusCode());
        assertEquals(200, signIn("self", "another-password-2").statusCode());
        assertProblem(signIn("self", PASSWORD), 401);
        // A new password ends the other sign-ins; the one that changed it and API tokens stay.
        assertProblem(getAs(elsewhere, "/users/self"), 401);
        assertEquals(200, getAs(token, "/users/self").statusCode());
        assertEquals(200, getAs(script, "/users/self").statusCode());
        assertProblem(
                send(requestAs(token, "/users/self")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"platformAdmin\": true}"))),
                403);
        assertFalse(body(get("/users/self")).get("platformAdmin").asBoolean());
        // Platform administrators, too, give their current password to change their own.
        assertProblem(put("/users/admin", "{\"password\": \"a-new-admin-password\"}"), 422);
        // The last platform administrator cannot be demoted or deleted.
        assertProblem(put("/users/admin", "{\"platformAdmin\": false}"), 409);
        assertProblem(delete("/users/admin"), 409);
    }

    @Test
    public void failedSignInsAreRateLimitedPerUserAndAudited() throws Exception {
        newUser("slow");
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> wrong = signIn("slow", "wrong-password-" + i);
            assertProblem(wrong, 401);
            assertEquals(
                    "Wrong user name or password", body(wrong).get("detail").asText());
        }
        HttpResponse<String> throttled = signIn("slow", PASSWORD);
        assertProblem(throttled, 429);
        long retryAfter =
                Long.parseLong(throttled.headers().firstValue("Retry-After").orElse("0"));
        assertTrue("Retry-After: " + retryAfter, retryAfter > 0 && retryAfter <= 900);
        // Another user is not locked out by slow's failures.
        newUser("fast");
        assertEquals(200, signIn("fast", PASSWORD).statusCode());
        // An unknown user gets the same answer as a wrong password.
        HttpResponse<String> unknown = signIn("nobody-at-all", "whatever-password");
        assertProblem(unknown, 401);
        assertEquals("Wrong user name or password", body(unknown).get("detail").asText());

        JsonNode records = body(get("/audit?user=slow"));
        List<String> outcomes = new ArrayList<>();
        records.forEach(r -> {
            assertEquals("LOGIN", r.get("action").asText());
            assertEquals("/auth/token", r.get("target").asText());
            assertEquals("127.0.0.1", r.get("address").asText());
            outcomes.add(r.get("status").asInt() + " " + r.get("outcome").asText());
        });
        assertEquals(
                List.of("429 throttled", "401 denied", "401 denied", "401 denied", "401 denied", "401 denied"),
                outcomes);
        JsonNode ok = body(get("/audit?user=fast&limit=1")).get(0);
        assertEquals("LOGIN", ok.get("action").asText());
        assertEquals("success", ok.get("outcome").asText());
    }

    @Test
    public void theConsoleSessionIsAnHttpOnlyStrictCookieAndChangesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> session = send(anonymous("/auth/session")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}")));
        assertEquals(session.body(), 200, session.statusCode());
        String setCookie = session.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(setCookie, setCookie.startsWith("cj_session=cjt_"));
        assertTrue(
                setCookie,
                setCookie.contains("HttpOnly")
                        && setCookie.contains("SameSite=Strict")
                        && setCookie.contains("Path=/"));
        assertFalse("no Secure flag on plain HTTP: " + setCookie, setCookie.contains("Secure"));
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = body(session).get("csrfToken").asText();
        assertFalse(body(session).has("token"));

        assertEquals(
                200, send(anonymous("/services").header("Cookie", cookie).GET()).statusCode());
        // a page that lost its storage reads the session back: the user and the same CSRF token
        HttpResponse<String> again =
                send(anonymous("/auth/session").header("Cookie", cookie).GET());
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("admin", body(again).get("user").asText());
        assertEquals(csrf, body(again).get("csrfToken").asText());
        assertProblem(send(request("/auth/session").GET()), 404); // a bearer token has no session
        assertProblem(send(anonymous("/auth/session").GET()), 401);
        HttpResponse<String> forged = send(anonymous("/services")
                .header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"forged\"}")));
        assertProblem(forged, 403);
        assertTrue(forged.body(), forged.body().contains("X-CSRF-Token"));
        assertProblem(
                send(anonymous("/services")
                        .header("Cookie", cookie)
                        .header("X-CSRF-Token", csrf + "x")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"forged\"}"))),
                403);
        assertEquals(404, get("/services/forged").statusCode());
        HttpResponse<String> made = send(anonymous("/services")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"by-console\"}")));
        assertEquals(made.body(), 201, made.statusCode());

        HttpResponse<String> out = send(anonymous("/auth/session")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .DELETE());
        assertEquals(out.body(), 204, out.statusCode());
        assertTrue(out.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"));
        assertProblem(send(anonymous("/services").header("Cookie", cookie).GET()), 401);
        assertEquals(
                "LOGOUT",
                body(get("/audit?user=admin&limit=1")).get(0).get("action").asText());
    }

    @Test
    public void theAuditLogIsFilterableAndAppendOnly() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        assertEquals(201, post("/services", "{\"name\": \"audited\"}").statusCode());
        allotLocalCluster("audited");
        assertEquals(201, post("/services/audited/appmaps", appMap("dev")).statusCode());
        JsonNode records = body(get("/audit?service=audited"));
        assertEquals(records.toString(), 2, records.size()); // the allotment, then the appmap
        assertEquals("PUT", records.get(1).get("action").asText());
        JsonNode r = records.get(0);
        assertEquals("admin", r.get("actor").asText());
        assertEquals("POST", r.get("action").asText());
        assertEquals("/services/audited/appmaps", r.get("target").asText());
        assertEquals(201, r.get("status").asInt());
        assertTrue(Instant.parse(r.get("at").asText()).isAfter(start));
        assertEquals(0, body(get("/audit?service=audited&until=" + start)).size());
        assertEquals(
                2, body(get("/audit?user=admin&since=" + start + "&limit=2")).size());
        assertProblem(get("/audit?since=yesterday"), 422);
        assertProblem(get("/audit?limit=0"), 422);
        for (String method : List.of("POST", "PUT", "DELETE")) {
            assertProblem(
                    send(request("/audit")
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString("[]"))),
                    405);
        }
        assertEquals(records.toString(), 2, body(get("/audit?service=audited")).size());
        deleteService("audited");
    }

    @Test
    public void shellCommandsRunAsTheConsoleAndChangesAreAudited() throws Exception {
        String made = gogo("cj:createUser --display-name Shelly shelly");
        assertTrue(made, made.contains("user shelly created"));
        String password = made.replaceAll("(?s).*password: (\\S+).*", "$1");
        assertEquals(200, signIn("shelly", password).statusCode());
        assertTrue(gogo("cj:createService from-shell"), true);
        gogo("cj:setMember --terminal from-shell shelly developer");
        String members = gogo("cj:members from-shell");
        assertTrue(members, members.contains("shelly") && members.contains("developer") && members.contains("yes"));
        JsonNode user = body(get("/users/shelly"));
        assertEquals("from-shell", user.get("memberships").get(0).get("service").asText());
        assertTrue(user.get("memberships").get(0).get("terminal").asBoolean());
        gogo("cj:services");
        gogo("cj:audit --limit 5");

        List<String> lines = new ArrayList<>();
        body(get("/audit?user=console&limit=10")).forEach(r -> {
            assertEquals("SHELL", r.get("action").asText());
            assertEquals("console", r.get("address").asText());
            lines.add(r.get("target").asText());
        });
        assertEquals(
                "the read-only commands are not recorded",
                List.of(
                        "cj:setMember --terminal from-shell shelly developer",
                        "cj:createService from-shell",
                        "cj:createUser --display-name Shelly shelly"),
                lines);
        String audit = gogo("cj:audit --user console");
        assertTrue(audit, audit.contains("cj:createService from-shell"));
    }

    @Test
    public void badInputGetsA4xxProblemNeverA5xxOrAStackTrace() throws Exception {
        String huge = "{\"name\": \"big\", \"description\": \"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(post("/services", huge), 413);
        HttpResponse<String> chunked = send(request("/services")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes()))));
        assertProblem(chunked, 413);
        assertEquals(404, get("/services/big").statusCode());

        Map<String, Integer> services = Map.of(
                "{\"name\": 5}", 400,
                "{\"name\": \"ok-name\", \"colour\": \"red\"}", 400,
                "{\"name\": \"商店\"}", 422,
                "{\"name\": \"../etc\"}", 422,
                "{\"name\": \"a/b\"}", 422,
                "{", 400,
                "[]", 400,
                "", 422);
        for (Map.Entry<String, Integer> bad : services.entrySet()) {
            HttpResponse<String> response = post("/services", bad.getKey());
            assertProblem(response, bad.getValue());
        }
        HttpResponse<String> unknownField = post("/services", "{\"name\": \"ok-name\", \"colour\": \"red\"}");
        assertEquals(
                "colour", body(unknownField).get("errors").get(0).get("field").asText());
        HttpResponse<String> unicodeUser =
                post("/users", "{\"username\": \"ünïcødé\", \"password\": \"" + PASSWORD + "\"}");
        assertProblem(unicodeUser, 422);
        assertEquals(
                "username", body(unicodeUser).get("errors").get(0).get("field").asText());
        assertProblem(post("/users", "{\"username\": \"../../root\", \"password\": \"" + PASSWORD + "\"}"), 422);
        assertProblem(post("/users", "{\"username\": \"short\", \"password\": \"short\"}"), 422);
        assertProblem(post("/users", "{\"username\": \"typed\", \"password\": 12345678901234}"), 400);
        newUser("member");
        assertEquals(201, post("/services", "{\"name\": \"strict\"}").statusCode());
        assertProblem(put("/services/strict/members", "{\"user\": \"member\", \"role\": \"viewer\"}"), 400);
        HttpResponse<String> badRole = put("/services/strict/members", "[{\"user\": \"member\", \"role\": \"owner\"}]");
        assertProblem(badRole, 400);
        assertTrue(badRole.body(), badRole.body().contains("viewer, developer, admin"));
        HttpResponse<String> unknownUser =
                put("/services/strict/members", "[{\"user\": \"ghost\", \"role\": \"viewer\"}]");
        assertProblem(unknownUser, 422);
        assertEquals(
                "[0].user", body(unknownUser).get("errors").get(0).get("field").asText());

        // Traversal in a name is just a name that does not exist: the API answers it, in problem+json.
        for (String path : List.of(
                "/services/..%2F..%2Fetc%2Fpasswd",
                "/services/%2e%2e/appmaps",
                "/users/..%2Fadmin",
                "/services/a%2Fb/appmaps/dev",
                "/services/" + "x".repeat(300))) {
            assertProblem(get(path), 404);
        }
        String viewer = login(newUser("traveller"), PASSWORD);
        assertProblem(send(requestAs(viewer, "/services/..%2F..%2Fetc%2Fpasswd").GET()), 403);
        assertProblem(send(requestAs(viewer, "/users/..%2Fadmin").GET()), 403);
        // NUL bytes and parameters on dot segments never reach the API: Jetty refuses them (400, its own page).
        for (String path : List.of("/services/%00", "/services/..;/users")) {
            HttpResponse<String> response = get(path);
            assertEquals(path + " -> " + response.body(), 400, response.statusCode());
            assertFalse(
                    path + ": " + response.body(),
                    response.body().contains("\tat ") || response.body().contains("Exception"));
        }
    }

    @Test
    public void withTheSecurityBundleStoppedTheApiIsClosedNotOpen() throws Exception {
        String token = adminToken();
        Bundle security = null;
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getSymbolicName().equals("io.cengjiyun.security")) {
                security = b;
            }
        }
        assertTrue(security != null);
        security.stop();
        try {
            waitForAssert(() -> {
                try {
                    HttpResponse<String> closed = send(anonymous("/services").GET());
                    assertEquals(closed.body(), 503, closed.statusCode());
                    assertTrue(closed.body(), closed.body().contains("io.cengjiyun.security"));
                    assertEquals(503, send(requestAs(token, "/services").GET()).statusCode());
                    assertEquals(
                            503,
                            send(anonymous("/services")
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"open-door\"}")))
                                    .statusCode());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(
                    "health stays open", 200, send(anonymous("/health").GET()).statusCode());
        } finally {
            security.start();
        }
        waitForAssert(() -> {
            try {
                assertEquals(200, send(requestAs(token, "/services").GET()).statusCode());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(404, get("/services/open-door").statusCode());
    }
}
