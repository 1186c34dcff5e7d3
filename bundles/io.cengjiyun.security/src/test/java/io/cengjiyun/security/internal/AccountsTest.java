/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ForbiddenException;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.TooManyRequestsException;
import io.cengjiyun.api.UnauthenticatedException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Membership;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.api.security.Role;
import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.store.internal.JdbcHierarchyStore;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.derby.jdbc.EmbeddedDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts on a real embedded Derby database, with the store's schema and the bundle's own migration. The
 * tests share one in-memory database, emptied after each (creating a Derby database costs about a second).
 * A PBKDF2 hash costs about half a second: users the tests only need to exist get a hash made once per class.
 */
class AccountsTest {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final String NAME =
            "security-accounts-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
    private static final ConnectionFactory DATABASE =
            () -> new EmbeddedDriver().connect("jdbc:derby:memory:" + NAME + ";create=true", new Properties());
    private static final String PASSWORD = "correct horse battery";
    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final Caller ADMIN = new Caller("admin", true, Map.of());
    private static String passwordHash;

    private final MutableClock clock = new MutableClock(START);
    private JdbcDatabaseService db;
    private JdbcHierarchyStore store;
    private Accounts accounts;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void hashOnce() {
        passwordHash = new Passwords(Passwords.MIN_ITERATIONS).hash(PASSWORD.toCharArray());
    }

    @BeforeEach
    void open() {
        db = new JdbcDatabaseService(DATABASE);
        store = new JdbcHierarchyStore(db, clock);
        accounts = new Accounts(db, store, clock, config());
    }

    @AfterEach
    void emptyAndClose() throws SQLException {
        store.close();
        db.close();
        try (Connection c = DATABASE.open();
                Statement s = c.createStatement()) {
            for (String table : List.of(
                    "audit", "tickets", "tokens", "members", "users", "revisions", "servers", "appmaps", "services")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    @AfterAll
    static void drop() {
        try (Connection ignored =
                new EmbeddedDriver().connect("jdbc:derby:memory:" + NAME + ";drop=true", new Properties())) {
            // not reached: a drop answers with an exception
        } catch (SQLException expected) {
            // 08006: dropped
        }
    }

    // --- first start

    @Test
    void firstStartCreatesAdminWithAGeneratedPasswordInAnOwnerOnlyFile() throws Exception {
        String generated = accounts.bootstrap(null, null, dataDir);

        assertNotNull(generated);
        assertEquals(24, generated.length());
        List<User> users = accounts.users();
        assertEquals(1, users.size());
        assertEquals("admin", users.get(0).username());
        assertTrue(users.get(0).platformAdmin());
        Path file = dataDir.resolve("admin-password");
        assertTrue(Files.isRegularFile(file));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(generated, Files.readString(file).strip());
        assertEquals(600_000, Passwords.iterationsOf(accounts.passwordHash("admin")));

        TokenInfo token = accounts.login(new Credentials("admin", generated), "10.0.0.1", Accounts.KIND_LOGIN);
        Caller caller = accounts.authenticate(token.token(), null);
        assertEquals("admin", caller.name());
        assertTrue(caller.platformAdmin());

        List<AuditRecord> audit = accounts.audit(new AuditRows.Query(null, null, null, null, null, 10));
        assertEquals(1, audit.size());
        assertEquals("system", audit.get(0).actor());
        assertEquals("/users/admin", audit.get(0).target());
    }

    @Test
    void aSecondStartCreatesNothing() throws Exception {
        accounts.bootstrap(null, null, dataDir);
        String before = accounts.passwordHash("admin");
        Path otherDir = dataDir.resolve("other");

        assertNull(accounts.bootstrap(null, null, otherDir));
        assertNull(accounts.bootstrap("another-password-1", null, otherDir));

        assertEquals(1, accounts.users().size());
        assertEquals(before, accounts.passwordHash("admin"), "the admin's password is unchanged");
        assertFalse(Files.exists(otherDir.resolve("admin-password")));
    }

    @Test
    void firstStartUsesTheConfiguredPasswordAndWritesNoFile() {
        assertNull(accounts.bootstrap("configured-secret-1", "from-the-environment", dataDir));

        assertFalse(Files.exists(dataDir.resolve("admin-password")));
        assertTrue(accounts.user("admin").platformAdmin());
        TokenInfo token =
                accounts.login(new Credentials("admin", "configured-secret-1"), "10.0.0.1", Accounts.KIND_LOGIN);
        assertEquals("admin", accounts.authenticate(token.token(), null).name());
    }

    @Test
    void firstStartFallsBackToTheEnvironmentsPassword() {
        assertNull(accounts.bootstrap("  ", "from-the-environment", dataDir));

        assertFalse(Files.exists(dataDir.resolve("admin-password")));
        assertNotNull(accounts.login(new Credentials("admin", "from-the-environment"), "10.0.0.1", Accounts.KIND_LOGIN)
                .token());
    }

    @Test
    void firstStartRefusesATooShortConfiguredPassword() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> accounts.bootstrap("short", null, dataDir));
        assertTrue(e.getMessage().contains("12"), e.getMessage());
        assertTrue(accounts.users().isEmpty());
        assertFalse(Files.exists(dataDir.resolve("admin-password")));
        assertThrows(IllegalArgumentException.class, () -> accounts.bootstrap(null, "short-env", dataDir));
        assertTrue(accounts.users().isEmpty());
    }

    // --- sign-in

    @Test
    void signInWithTheRightPasswordGivesATokenForTheUser() {
        addUser("ana", false);

        TokenInfo info = accounts.login(new Credentials("ana", PASSWORD), "10.0.0.1", Accounts.KIND_LOGIN);

        assertTrue(info.token().startsWith("cjt_"), info.token());
        assertTrue(Secrets.looksLikeToken(info.token()));
        assertEquals("ana", info.user());
        assertEquals(Accounts.KIND_LOGIN, info.kind());
        assertEquals(START.plus(Duration.ofHours(12)), info.expiresAt());
        Caller caller = accounts.authenticate(info.token(), null);
        assertEquals("ana", caller.name());
        assertFalse(caller.platformAdmin());
        assertEquals(Map.of(), caller.memberships());
    }

    @Test
    void signInWithAWrongPasswordOrUnknownUserIsUnauthenticated() {
        addUser("ana", false);
        assertThrows(
                UnauthenticatedException.class,
                () -> accounts.login(new Credentials("ana", "wrong password!"), "10.0.0.1", Accounts.KIND_LOGIN));
        UnauthenticatedException unknown = assertThrows(
                UnauthenticatedException.class,
                () -> accounts.login(new Credentials("nobody", PASSWORD), "10.0.0.1", Accounts.KIND_LOGIN));
        assertFalse(unknown.getMessage().contains("nobody"), "does not tell which of name and password is wrong");
        assertTrue(accounts.tokens("ana").isEmpty());
    }

    @Test
    void signInNamesMissingFields() {
        assertEquals(
                List.of("username", "password"),
                fields(() -> accounts.login(new Credentials(null, null), "a", "login")));
        assertEquals(List.of("username", "password"), fields(() -> accounts.login(null, "a", "login")));
        assertEquals(List.of("password"), fields(() -> accounts.login(new Credentials("ana", null), "a", "login")));
    }

    @Test
    void afterFiveFailuresEvenTheRightPasswordIsThrottled() {
        addUser("ana", false);
        for (int i = 0; i < 5; i++) {
            assertThrows(
                    UnauthenticatedException.class,
                    () -> accounts.login(new Credentials("ana", "wrong password!"), "10.0.0.1", Accounts.KIND_LOGIN));
        }
        TooManyRequestsException e = assertThrows(
                TooManyRequestsException.class,
                () -> accounts.login(new Credentials("ana", PASSWORD), "10.0.0.2", Accounts.KIND_LOGIN));
        assertTrue(e.retryAfterSeconds() > 0);
        assertEquals(429, e.status());
        assertTrue(accounts.tokens("ana").isEmpty());

        clock.advance(Duration.ofSeconds(e.retryAfterSeconds()));
        assertNotNull(
                accounts.login(new Credentials("ana", PASSWORD), "10.0.0.2", Accounts.KIND_LOGIN)
                        .token(),
                "after the announced wait");
    }

    @Test
    void aSuccessfulSignInForgivesTheUsersEarlierFailures() {
        addUser("ana", false);
        for (int i = 0; i < 4; i++) {
            assertThrows(
                    UnauthenticatedException.class,
                    () -> accounts.login(new Credentials("ana", "wrong password!"), "10.0.0.1", Accounts.KIND_LOGIN));
        }
        accounts.login(new Credentials("ana", PASSWORD), "10.0.0.1", Accounts.KIND_LOGIN);
        assertThrows(
                UnauthenticatedException.class,
                () -> accounts.login(new Credentials("ana", "wrong password!"), "10.0.0.1", Accounts.KIND_LOGIN));
        // Five failures within the window, but four were before the success: not throttled.
        assertNotNull(accounts.login(new Credentials("ana", PASSWORD), "10.0.0.1", Accounts.KIND_LOGIN)
                .token());
    }

    @Test
    void signInUpgradesAHashOfFewerIterations() throws Exception {
        // An account from an older configuration: 1,000 iterations.
        byte[] salt = new byte[16];
        byte[] derived = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new javax.crypto.spec.PBEKeySpec(PASSWORD.toCharArray(), salt, 1_000, 256))
                .getEncoded();
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder().withoutPadding();
        String old = "pbkdf2-sha256$1000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);
        db.write("add an old user", c -> {
            UserRows.insert(c, "old", null, old, false, START);
            return null;
        });

        accounts.login(new Credentials("old", PASSWORD), "10.0.0.1", Accounts.KIND_LOGIN);

        String upgraded = accounts.passwordHash("old");
        assertNotEquals(old, upgraded);
        assertEquals(600_000, Passwords.iterationsOf(upgraded));
    }

    @Test
    void sessionTokensAreOnlyAcceptedWhereTheirKindIsAsked() {
        addUser("ana", false);
        TokenInfo session = accounts.login(new Credentials("ana", PASSWORD), "10.0.0.1", Accounts.KIND_SESSION);
        assertEquals(Accounts.KIND_SESSION, session.kind());
        assertEquals(
                "ana",
                accounts.authenticate(session.token(), Accounts.KIND_SESSION).name());
        String api = token("ana");
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(api, Accounts.KIND_SESSION));

        accounts.logout(session.token());
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(session.token(), null));
        assertEquals("ana", accounts.authenticate(api, null).name(), "signing out revokes only that token");
        assertDoesNotThrow(() -> accounts.logout("not a token"));
    }

    // --- tickets and origins (the Authentication API of WebSocket upgrades)

    @Test
    void aTicketServesOnceForItsScopeAndItsLifeOnly() {
        addUser("ana", false);
        Gate gate = new Gate(accounts, 30, new String[0]);
        Caller ana = accounts.authenticate(token("ana"), null);

        var ticket = gate.ticket(ana, "terminal:shop/dev/web");
        assertEquals(START.plusSeconds(30), ticket.expiresAt());
        assertEquals("ana", gate.redeem(ticket.value(), "terminal:shop/dev/web").name());
        var used = assertThrows(
                UnauthenticatedException.class, () -> gate.redeem(ticket.value(), "terminal:shop/dev/web"));
        assertTrue(used.getMessage().contains("used already"), used.getMessage());

        var other = gate.ticket(ana, "terminal:shop/dev/web");
        var wrongScope =
                assertThrows(UnauthenticatedException.class, () -> gate.redeem(other.value(), "terminal:shop/dev/db"));
        assertTrue(wrongScope.getMessage().contains("terminal:shop/dev/web"), wrongScope.getMessage());
        assertThrows(
                UnauthenticatedException.class,
                () -> gate.redeem(other.value(), "terminal:shop/dev/web"),
                "a ticket refused for its scope is used up too");

        var late = gate.ticket(ana, "terminal:shop/dev/web");
        clock.advance(Duration.ofSeconds(30));
        var expired =
                assertThrows(UnauthenticatedException.class, () -> gate.redeem(late.value(), "terminal:shop/dev/web"));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
        assertThrows(UnauthenticatedException.class, () -> gate.redeem("cjt_nonsense", "terminal:shop/dev/web"));
    }

    @Test
    void onlyThePlatformsOwnOriginOrAConfiguredOneMayConnect() {
        Gate gate = new Gate(accounts, 30, new String[] {"https://console.example.com"});
        assertDoesNotThrow(() -> gate.checkOrigin(null, "http", "localhost:8080"), "no Origin: not a browser");
        assertDoesNotThrow(() -> gate.checkOrigin("http://localhost:8080", "http", "localhost:8080"));
        assertDoesNotThrow(() -> gate.checkOrigin("HTTP://LocalHost:8080", "http", "localhost:8080"));
        assertDoesNotThrow(() -> gate.checkOrigin("https://console.example.com:443", "http", "localhost:8080"));
        var foreign = assertThrows(
                ForbiddenException.class, () -> gate.checkOrigin("http://evil.example", "http", "localhost:8080"));
        assertTrue(foreign.getMessage().contains("allowedOrigins"), foreign.getMessage());
        assertThrows(
                ForbiddenException.class, () -> gate.checkOrigin("http://localhost:9090", "http", "localhost:8080"));
        assertThrows(ForbiddenException.class, () -> gate.checkOrigin("null", "http", "localhost:8080"));
        var bad = assertThrows(IllegalArgumentException.class, () -> new Gate(accounts, 30, new String[] {"a b"}));
        assertTrue(bad.getMessage().contains("allowedOrigins"), bad.getMessage());
    }

    @Test
    void theAuditApiWritesToTheSameLog() {
        Gate gate = new Gate(accounts, 30, new String[0]);
        gate.audit(
                "ana",
                "10.0.0.9",
                "TERMINAL",
                "/services/shop/appmaps/dev/servers/web/terminal",
                "shop",
                200,
                "bytes in 12, out 340");
        List<AuditRecord> audit = accounts.audit(new AuditRows.Query(null, null, null, null, null, 10));
        assertEquals("TERMINAL", audit.get(0).action());
        assertEquals("shop", audit.get(0).service());
        assertEquals("bytes in 12, out 340", audit.get(0).detail());
    }

    // --- tokens

    @Test
    void aRevokedTokenNoLongerAuthenticates() {
        addUser("ana", false);
        TokenInfo info = accounts.createToken("ana", new TokenRequest("ci", null));
        assertEquals("ana", accounts.authenticate(info.token(), null).name());
        assertEquals(START.plus(Duration.ofDays(90)), info.expiresAt(), "default life of an API token");

        accounts.revokeToken("ana", info.id());

        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(info.token(), null));
        assertTrue(accounts.tokens("ana").isEmpty());
        assertThrows(NotFoundException.class, () -> accounts.revokeToken("ana", info.id()));
    }

    @Test
    void aTokenCannotBeRevokedThroughAnotherUser() {
        addUser("ana", false);
        addUser("bob", false);
        TokenInfo info = accounts.createToken("ana", new TokenRequest("ci", null));
        assertThrows(NotFoundException.class, () -> accounts.revokeToken("bob", info.id()));
        assertEquals("ana", accounts.authenticate(info.token(), null).name());
    }

    @Test
    void aTokenExpiresAtItsExpiry() {
        addUser("ana", false);
        Instant expiry = START.plus(Duration.ofHours(1));
        TokenInfo info = accounts.createToken("ana", new TokenRequest("short-lived", expiry));
        assertEquals(expiry, info.expiresAt());

        clock.set(expiry.minusSeconds(1));
        assertEquals("ana", accounts.authenticate(info.token(), null).name());
        clock.set(expiry);
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(info.token(), null));
        clock.advance(Duration.ofDays(1));
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(info.token(), null));
    }

    @Test
    void aLoginTokenExpiresAfterLoginTokenHours() {
        addUser("ana", false);
        String token = accounts.login(new Credentials("ana", PASSWORD), "10.0.0.1", Accounts.KIND_LOGIN)
                .token();
        clock.advance(Duration.ofHours(12).minusMinutes(1));
        assertEquals("ana", accounts.authenticate(token, null).name());
        clock.advance(Duration.ofMinutes(2));
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(token, null));
    }

    @Test
    void aTamperedOrMalformedTokenIsUnauthenticated() {
        addUser("ana", false);
        String token = token("ana");
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(tampered, null));
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(token.substring(1), null));
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(null, null));
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(Secrets.newToken(), null));
        assertEquals("ana", accounts.authenticate(token, null).name());
    }

    @Test
    void createTokenChecksItsRequest() {
        addUser("ana", false);
        assertEquals(
                List.of("expiresAt"),
                fields(() -> accounts.createToken("ana", new TokenRequest("ci", START.minusSeconds(1)))));
        assertEquals(List.of("expiresAt"), fields(() -> accounts.createToken("ana", new TokenRequest("ci", START))));
        assertEquals(List.of("name"), fields(() -> accounts.createToken("ana", new TokenRequest(" ", null))));
        assertEquals(List.of("name"), fields(() -> accounts.createToken("ana", new TokenRequest("a\nb", null))));
        assertEquals(
                List.of("name"), fields(() -> accounts.createToken("ana", new TokenRequest("x".repeat(101), null))));
        assertEquals(
                List.of("name", "expiresAt"), fields(() -> accounts.createToken("ana", new TokenRequest(null, START))));
        assertThrows(NotFoundException.class, () -> accounts.createToken("nobody", new TokenRequest("ci", null)));
        assertTrue(accounts.tokens("ana").isEmpty());
    }

    @Test
    void theDatabaseNeverHoldsATokenItself() throws SQLException {
        addUser("ana", false);
        TokenInfo a = accounts.createToken("ana", new TokenRequest("ci", null));
        clock.advance(Duration.ofMinutes(1));
        TokenInfo b = accounts.createToken("ana", new TokenRequest("laptop", null));

        List<TokenInfo> listed = accounts.tokens("ana");
        assertEquals(
                List.of("ci", "laptop"), listed.stream().map(TokenInfo::name).toList());
        listed.forEach(t -> assertNull(t.token(), "a listed token has no secret"));
        assertEquals(List.of(a.id(), b.id()), listed.stream().map(TokenInfo::id).toList());

        List<String> stored = allValues("tokens");
        for (TokenInfo t : List.of(a, b)) {
            String secretPart = t.token().substring(Secrets.TOKEN_PREFIX.length());
            stored.forEach(value -> assertFalse(value.contains(secretPart), "the table holds the token: " + value));
            assertTrue(stored.contains(Secrets.hash(t.token())), "the table holds the hash");
        }
    }

    @Test
    void authenticateNotesTheLastUse() {
        addUser("ana", false);
        String token = token("ana");
        assertNull(accounts.tokens("ana").get(0).lastUsedAt());
        clock.advance(Duration.ofMinutes(5));
        accounts.authenticate(token, null);
        assertEquals(
                START.plus(Duration.ofMinutes(5)), accounts.tokens("ana").get(0).lastUsedAt());
    }

    @Test
    void authenticateReflectsTheUsersCurrentPlatformRight() {
        addUser("root", true);
        addUser("ana", true);
        String token = token("ana");
        assertTrue(accounts.authenticate(token, null).platformAdmin());
        accounts.updateUser("ana", new UserInput(null, null, null, false, null), ADMIN, null);
        assertFalse(accounts.authenticate(token, null).platformAdmin());
    }

    // --- users

    @Test
    void createUserMakesAUserAndRefusesADuplicate() {
        User ana = accounts.createUser(new UserInput("ana", "ana's long password", "Ana Lima", null, null));
        assertEquals("ana", ana.username());
        assertEquals("Ana Lima", ana.displayName());
        assertFalse(ana.platformAdmin());
        assertEquals(START, ana.createdAt());
        assertEquals(List.of(), ana.memberships());

        assertThrows(
                ConflictException.class,
                () -> accounts.createUser(new UserInput("ana", "another long password", null, true, null)));
        assertEquals(
                List.of("ana"), accounts.users().stream().map(User::username).toList());
        assertFalse(accounts.user("ana").platformAdmin());
    }

    @Test
    void createUserNamesEveryBadField() {
        for (String bad : new String[] {
            "Ana", "../x", "anä", "ana lima", "-ana", "ana-", "", "a".repeat(65), "console", "system", "anonymous"
        }) {
            assertEquals(
                    List.of("username"),
                    fields(() -> accounts.createUser(new UserInput(bad, PASSWORD, null, null, null))),
                    bad);
        }
        assertEquals(
                List.of("username"),
                fields(() -> accounts.createUser(new UserInput(null, PASSWORD, null, null, null))));
        assertEquals(
                List.of("password"),
                fields(() -> accounts.createUser(new UserInput("ana", "short", null, null, null))));
        assertEquals(
                List.of("password"), fields(() -> accounts.createUser(new UserInput("ana", null, null, null, null))));
        assertEquals(
                List.of("displayName"),
                fields(() -> accounts.createUser(new UserInput("ana", PASSWORD, "x".repeat(101), null, null))));
        assertEquals(
                List.of("currentPassword"),
                fields(() -> accounts.createUser(new UserInput("ana", PASSWORD, null, null, PASSWORD))));
        assertEquals(
                List.of("username", "password"),
                fields(() -> accounts.createUser(new UserInput("../x", "short", null, null, null))));
        assertTrue(accounts.users().isEmpty());
    }

    @Test
    void theLastPlatformAdminCanNeitherBeDeletedNorDemoted() {
        addUser("admin", true);
        addUser("ana", false);
        assertThrows(ConflictException.class, () -> accounts.deleteUser("admin"));
        assertThrows(
                ConflictException.class,
                () -> accounts.updateUser("admin", new UserInput(null, null, null, false, null), ADMIN, null));
        assertTrue(accounts.user("admin").platformAdmin());

        accounts.updateUser("ana", new UserInput(null, null, null, true, null), ADMIN, null);
        accounts.updateUser("admin", new UserInput(null, null, null, false, null), ADMIN, null);
        assertFalse(accounts.user("admin").platformAdmin());
        assertThrows(ConflictException.class, () -> accounts.deleteUser("ana"));
        accounts.deleteUser("admin");
        assertEquals(
                List.of("ana"), accounts.users().stream().map(User::username).toList());
    }

    @Test
    void aKnownCallerCostsNoReadAndEveryChangeOfRightsTakesEffectOnTheNextRequest() throws SQLException {
        addUser("admin", true);
        addUser("ana", false);
        store.createService(Service.of("shop", null, null));
        accounts.setMembers("shop", List.of(new Member("ana", Role.VIEWER, null)), ADMIN);
        String token = token("ana");
        assertEquals(
                Role.VIEWER,
                accounts.authenticate(token, null).memberships().get("shop").role());

        // known: its rows gone behind the platform's back (no change of rights through it), it still authenticates
        try (Connection c = DATABASE.open();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM tokens WHERE username = 'ana'");
        }
        assertEquals("ana", accounts.authenticate(token, null).name(), "answered from what is known");
        accounts.forgetCallers();
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(token, null));

        // a role changed: the very next request has it
        String again = token("ana");
        assertEquals(
                Role.VIEWER,
                accounts.authenticate(again, null).memberships().get("shop").role());
        accounts.setMember("shop", new Member("ana", Role.DEVELOPER, null));
        assertEquals(
                Role.DEVELOPER,
                accounts.authenticate(again, null).memberships().get("shop").role());
        accounts.removeMember("shop", "ana");
        assertNull(accounts.authenticate(again, null).memberships().get("shop"));

        // a known token still expires at its time, and its use is still written once a minute
        clock.advance(Duration.ofMinutes(2));
        assertEquals("ana", accounts.authenticate(again, null).name());
        Instant used = accounts.tokens("ana").get(0).lastUsedAt();
        assertTrue(
                used != null && !used.isBefore(clock.instant().minus(Duration.ofMinutes(1))),
                "the use written again after a minute: " + used);
        clock.advance(Duration.ofDays(91));
        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(again, null));
    }

    @Test
    void deletingAUserRevokesItsTokensAndMemberships() {
        addUser("admin", true);
        addUser("ana", false);
        store.createService(Service.of("shop", null, null));
        accounts.setMembers("shop", List.of(new Member("ana", Role.ADMIN, null)), ADMIN);
        String token = token("ana");

        accounts.deleteUser("ana");

        assertThrows(UnauthenticatedException.class, () -> accounts.authenticate(token, null));
        assertEquals(List.of(), accounts.members("shop"));
        assertThrows(NotFoundException.class, () -> accounts.deleteUser("ana"));
        assertThrows(NotFoundException.class, () -> accounts.user("ana"));
    }

    @Test
    void changingOnesOwnPasswordNeedsTheCurrentOne() {
        addUser("ana", false);
        Caller ana = new Caller("ana", false, Map.of());

        assertEquals(
                List.of("currentPassword"),
                fields(() -> accounts.updateUser(
                        "ana", new UserInput(null, "a new long password", null, null, null), ana, null)));
        assertEquals(
                List.of("currentPassword"),
                fields(() -> accounts.updateUser(
                        "ana", new UserInput(null, "a new long password", null, null, "not my password"), ana, null)));
        assertEquals(passwordHash, accounts.passwordHash("ana"), "unchanged");

        accounts.updateUser("ana", new UserInput(null, "a new long password", null, null, PASSWORD), ana, null);
        assertNotEquals(passwordHash, accounts.passwordHash("ana"));
        assertNotNull(accounts.login(new Credentials("ana", "a new long password"), "10.0.0.1", Accounts.KIND_LOGIN)
                .token());
    }

    @Test
    void aUserMayChangeOwnDisplayNameWithoutThePassword() {
        addUser("ana", false);
        User updated = accounts.updateUser(
                "ana", new UserInput(null, null, "Ana L.", null, null), new Caller("ana", false, Map.of()), null);
        assertEquals("Ana L.", updated.displayName());
        assertEquals(passwordHash, accounts.passwordHash("ana"));
    }

    @Test
    void onlyAPlatformAdminMayChangePlatformAdmin() {
        addUser("admin", true);
        addUser("ana", false);
        Caller ana = new Caller("ana", false, Map.of());
        assertThrows(
                ForbiddenException.class,
                () -> accounts.updateUser("ana", new UserInput(null, null, null, true, null), ana, null));
        assertThrows(
                ForbiddenException.class,
                () -> accounts.updateUser("ana", new UserInput(null, null, null, false, null), ana, null));
        assertFalse(accounts.user("ana").platformAdmin());
        assertTrue(accounts.updateUser("ana", new UserInput(null, null, null, true, null), ADMIN, null)
                .platformAdmin());
    }

    @Test
    void updateUserChecksItsInput() {
        addUser("ana", false);
        assertEquals(
                List.of("username"),
                fields(() -> accounts.updateUser("ana", new UserInput("bob", null, null, null, null), ADMIN, null)));
        assertEquals(
                List.of("password"),
                fields(() -> accounts.updateUser("ana", new UserInput(null, "short", null, null, null), ADMIN, null)));
        assertThrows(
                NotFoundException.class,
                () -> accounts.updateUser("nobody", new UserInput(null, null, "X", null, null), ADMIN, null));
    }

    // --- members

    @Test
    void membershipsShowInTheAuthenticatedCaller() {
        addUser("admin", true);
        addUser("ana", false);
        addUser("bob", false);
        store.createService(Service.of("shop", null, null));
        store.createService(Service.of("blog", null, null));

        List<Member> set = accounts.setMembers(
                "shop", List.of(new Member("bob", Role.DEVELOPER, true), new Member("ana", Role.ADMIN, null)), ADMIN);
        accounts.setMembers("blog", List.of(new Member("bob", Role.VIEWER, false)), ADMIN);

        assertEquals(List.of(new Member("ana", Role.ADMIN, false), new Member("bob", Role.DEVELOPER, true)), set);
        assertEquals(set, accounts.members("shop"));
        Caller bob = accounts.authenticate(token("bob"), null);
        assertEquals(
                Map.of(
                        "shop",
                        new Membership("bob", Role.DEVELOPER, true),
                        "blog",
                        new Membership("bob", Role.VIEWER, false)),
                bob.memberships());
        assertTrue(bob.has(Right.TERMINAL, "shop"));
        assertFalse(bob.has(Right.SERVICE_ADMIN, "shop"));
        assertFalse(bob.has(Right.DEVELOPER, "blog"));
        assertEquals(
                List.of(
                        new ServiceMembership("blog", Role.VIEWER, false),
                        new ServiceMembership("shop", Role.DEVELOPER, true)),
                accounts.user("bob").memberships());

        // A new list replaces the old one.
        accounts.setMembers("shop", List.of(new Member("ana", Role.ADMIN, null)), ADMIN);
        assertEquals(
                Map.of("blog", new Membership("bob", Role.VIEWER, false)),
                accounts.authenticate(token("bob"), null).memberships());
    }

    @Test
    void setMembersNamesAnUnknownUser() {
        addUser("admin", true);
        addUser("ana", false);
        store.createService(Service.of("shop", null, null));
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> accounts.setMembers(
                        "shop",
                        List.of(new Member("ghost", Role.ADMIN, null), new Member("ana", Role.VIEWER, null)),
                        ADMIN));
        assertEquals(
                List.of("[0].user"), e.errors().stream().map(FieldError::field).toList());
        assertTrue(
                e.errors().get(0).message().contains("ghost"), e.errors().get(0).message());
        assertEquals(List.of(), accounts.members("shop"), "nothing was set");
    }

    @Test
    void setMembersNamesDuplicatesAndMissingFields() {
        addUser("admin", true);
        addUser("ana", false);
        store.createService(Service.of("shop", null, null));
        assertEquals(
                List.of("[1].user"),
                fields(() -> accounts.setMembers(
                        "shop",
                        List.of(new Member("ana", Role.ADMIN, null), new Member("ana", Role.VIEWER, null)),
                        ADMIN)));
        assertEquals(
                List.of("[0].role", "[1].user", "[2]"),
                fields(() -> accounts.setMembers(
                        "shop",
                        java.util.Arrays.asList(new Member("ana", null, null), new Member(" ", Role.ADMIN, null), null),
                        ADMIN)));
        assertEquals(List.of("body"), fields(() -> accounts.setMembers("shop", null, ADMIN)));
        assertEquals(List.of(), accounts.members("shop"));
    }

    @Test
    void aServiceAdminCannotLeaveTheServiceWithoutAnAdmin() {
        addUser("admin", true);
        addUser("ana", false);
        addUser("bob", false);
        store.createService(Service.of("shop", null, null));
        accounts.setMembers("shop", List.of(new Member("ana", Role.ADMIN, null)), ADMIN);
        Caller ana = accounts.authenticate(token("ana"), null);

        ValidationException e = assertThrows(
                ValidationException.class,
                () -> accounts.setMembers(
                        "shop",
                        List.of(new Member("ana", Role.DEVELOPER, null), new Member("bob", Role.VIEWER, null)),
                        ana));
        assertEquals(List.of("role"), e.errors().stream().map(FieldError::field).toList());
        assertThrows(ValidationException.class, () -> accounts.setMembers("shop", List.of(), ana));
        assertEquals(List.of(new Member("ana", Role.ADMIN, false)), accounts.members("shop"), "unchanged");

        // With an admin left, a service admin may change the list; a platform admin may leave none.
        accounts.setMembers("shop", List.of(new Member("bob", Role.ADMIN, null)), ana);
        assertEquals(List.of(new Member("bob", Role.ADMIN, false)), accounts.members("shop"));
        accounts.setMembers("shop", List.of(), ADMIN);
        assertEquals(List.of(), accounts.members("shop"));
    }

    @Test
    void membersOfAnUnknownServiceAreNotFound() {
        addUser("ana", false);
        assertThrows(NotFoundException.class, () -> accounts.members("nowhere"));
        assertThrows(
                NotFoundException.class,
                () -> accounts.setMembers("nowhere", List.of(new Member("ana", Role.ADMIN, null)), ADMIN));
    }

    @Test
    void deletingAServiceRemovesItsMembers() {
        addUser("admin", true);
        addUser("ana", false);
        store.createService(Service.of("shop", null, null));
        accounts.setMembers("shop", List.of(new Member("ana", Role.ADMIN, true)), ADMIN);
        String token = token("ana");
        assertEquals(
                List.of("shop"),
                List.copyOf(accounts.authenticate(token, null).memberships().keySet()));

        store.deleteService("shop", false);

        assertEquals(Map.of(), accounts.authenticate(token, null).memberships());
        assertEquals(List.of(), accounts.user("ana").memberships());
        store.createService(Service.of("shop", null, null));
        assertEquals(List.of(), accounts.members("shop"), "a new service of the same name starts without members");
    }

    @Test
    void setMemberAndRemoveMember() {
        addUser("ana", false);
        store.createService(Service.of("shop", null, null));
        accounts.setMember("shop", new Member("ana", Role.VIEWER, null));
        accounts.setMember("shop", new Member("ana", Role.DEVELOPER, true));
        assertEquals(List.of(new Member("ana", Role.DEVELOPER, true)), accounts.members("shop"));
        assertThrows(NotFoundException.class, () -> accounts.setMember("shop", new Member("ghost", Role.VIEWER, null)));
        accounts.removeMember("shop", "ana");
        assertEquals(List.of(), accounts.members("shop"));
        assertThrows(NotFoundException.class, () -> accounts.removeMember("shop", "ana"));
    }

    // --- audit

    @Test
    void theAuditLogFiltersAndListsNewestFirst() {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        audit(t, "ana", "shop", "POST", 201);
        audit(t.plusSeconds(60), "bob", "shop", "PUT", 403);
        audit(t.plusSeconds(120), "ana", "blog", "DELETE", 204);
        audit(t.plusSeconds(180), "ana", null, "LOGIN", 200);
        audit(t.plusSeconds(240), "bob", "blog", "POST", 422);

        List<AuditRecord> all = read(null, null, null, null, null, 100);
        assertEquals(
                List.of("POST", "LOGIN", "DELETE", "PUT", "POST"),
                all.stream().map(AuditRecord::action).toList());
        assertEquals(t.plusSeconds(240), all.get(0).at(), "times come back as written, whatever the JVM's zone");
        assertEquals(t, all.get(4).at());
        assertEquals("denied", all.get(3).outcome());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).id() > all.get(i).id(), "newest first");
        }

        assertEquals(List.of(t.plusSeconds(60), t), times(read("shop", null, null, null, null, 100)));
        assertEquals(
                List.of(t.plusSeconds(180), t.plusSeconds(120), t), times(read(null, "ana", null, null, null, 100)));
        assertEquals(List.of(t.plusSeconds(240)), times(read("blog", "bob", null, null, null, 100)));
        // since includes, until excludes
        assertEquals(
                List.of(t.plusSeconds(180), t.plusSeconds(120), t.plusSeconds(60)),
                times(read(null, null, t.plusSeconds(60), t.plusSeconds(240), null, 100)));
        assertEquals(
                List.of(t.plusSeconds(240), t.plusSeconds(180)),
                times(read(null, null, t.plusSeconds(150), null, null, 100)));
        assertEquals(List.of(t), times(read(null, null, null, t.plusSeconds(1), null, 100)));
        // limit gives the newest; before pages back
        List<AuditRecord> newest = read(null, null, null, null, null, 2);
        assertEquals(List.of(t.plusSeconds(240), t.plusSeconds(180)), times(newest));
        assertEquals(
                List.of(t.plusSeconds(120), t.plusSeconds(60)),
                times(read(null, null, null, null, newest.get(1).id(), 2)));
        assertEquals(List.of(), read("nowhere", null, null, null, null, 100));
    }

    @Test
    void theAuditLogKeepsLongTextsCut() {
        String target = "/services/shop/" + "x".repeat(2000);
        accounts.audit(
                new AuditRecord(0, START, "ana", "10.0.0.1", "PUT", target, "shop", 200, "success", "d".repeat(5000)));
        AuditRecord stored = read(null, null, null, null, null, 10).get(0);
        assertEquals(1000, stored.target().length());
        assertTrue(target.startsWith(stored.target().substring(0, 999)));
        assertEquals(1000, stored.detail().length());
    }

    @Test
    void aFailingAuditWriteIsNotThrown() {
        // actor is NOT NULL: the write fails, and audit() only logs it.
        assertDoesNotThrow(
                () -> accounts.audit(new AuditRecord(0, START, null, null, "PUT", "/x", null, 200, "success", null)));
        assertEquals(List.of(), read(null, null, null, null, null, 10));
    }

    // --- helpers

    private static SecurityConfig config() {
        return new SecurityConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SecurityConfig.class;
            }

            @Override
            public String adminPassword() {
                return "";
            }

            @Override
            public int passwordIterations() {
                return 600_000;
            }

            @Override
            public int loginTokenHours() {
                return 12;
            }

            @Override
            public int apiTokenDays() {
                return 90;
            }

            @Override
            public int maxFailuresPerUser() {
                return 5;
            }

            @Override
            public int maxFailuresPerAddress() {
                return 20;
            }

            @Override
            public int ticketSeconds() {
                return 30;
            }

            @Override
            public String[] allowedOrigins() {
                return new String[0];
            }

            @Override
            public int failureWindowSeconds() {
                return 900;
            }

            @Override
            public int knownCallers() {
                return 10_000;
            }
        };
    }

    /** A user whose password is {@link #PASSWORD}, without hashing it again. */
    private void addUser(String name, boolean platformAdmin) {
        db.write("add user " + name, c -> {
            UserRows.insert(c, name, null, passwordHash, platformAdmin, accounts.now());
            return null;
        });
    }

    private String token(String user) {
        return accounts.createToken(user, new TokenRequest("test", null)).token();
    }

    private void audit(Instant at, String actor, String service, String action, int status) {
        accounts.audit(new AuditRecord(
                0,
                at,
                actor,
                "10.0.0.1",
                action,
                "/services/" + service,
                service,
                status,
                AuditRecord.outcomeOf(status),
                null));
    }

    private List<AuditRecord> read(String service, String user, Instant since, Instant until, Long before, int limit) {
        return accounts.audit(new AuditRows.Query(service, user, since, until, before, limit));
    }

    private static List<Instant> times(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::at).toList();
    }

    private List<String> allValues(String table) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DATABASE.open();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rows.getMetaData();
            while (rows.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rows.getString(i);
                    if (value != null) {
                        values.add(value);
                    }
                }
            }
        }
        return values;
    }

    private static List<String> fields(org.junit.jupiter.api.function.Executable call) {
        ValidationException e = assertThrows(ValidationException.class, call);
        return e.errors().stream().map(FieldError::field).toList();
    }
}
