/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ForbiddenException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.TooManyRequestsException;
import io.cengjiyun.api.UnauthenticatedException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Membership;
import io.cengjiyun.api.security.Role;
import io.cengjiyun.database.DataFolder;
import io.cengjiyun.database.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, tokens, memberships and the audit log, on the platform's database. The REST resources, the
 * shell commands and the request filter of this bundle all go through it.
 */
@Component(service = Accounts.class, configurationPid = Accounts.PID)
@Designate(ocd = SecurityConfig.class)
public class Accounts {
    static final String PID = "io.cengjiyun.security";
    static final String BUNDLE = "io.cengjiyun.security";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD_ENV = "CENGJIYUN_ADMIN_PASSWORD";
    static final String ADMIN_PASSWORD_PROPERTY = "cengjiyun.admin.password";
    static final String ADMIN_PASSWORD_FILE = "admin-password";
    static final String KIND_API = "api";
    static final String KIND_LOGIN = "login";
    static final String KIND_SESSION = "session";
    /** A user name: 1 to 64 lower-case letters, digits, '.', '_' or '-', starting and ending alphanumeric. */
    static final String USERNAME_PATTERN = "[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?";
    /** The longest user name ({@link #USERNAME_PATTERN} allows no more). */
    static final int MAX_USERNAME = 64;
    /** The longest display name of a user. */
    static final int MAX_DISPLAY_NAME = 100;
    /** The longest name of an API token. */
    static final int MAX_TOKEN_NAME = 100;

    private static final Pattern USERNAME = Pattern.compile(USERNAME_PATTERN);
    /** Names the platform itself uses in authors and audit records. */
    private static final Set<String> RESERVED = Set.of("anonymous", "console", "system");
    /** Last-use times are written at most this often per token: a read must not cost a write. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

    private final Database db;
    private final HierarchyStore store;
    private final Clock clock;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final Duration loginTokenLife;
    private final Duration apiTokenLife;

    /**
     * Callers already authenticated, by the hash of their token: a request with a known token costs no read. Every
     * change that can take a right away (a token or session revoked, a user changed or deleted, a password reset, a
     * membership set or removed) bumps {@link #generation}, and a service deleted (its memberships with it) bumps the
     * store's {@link HierarchyStore#serviceDeletions()}: an entry of an older count of either is read again, so the
     * change takes effect on the very next request. Bounded: emptied when full. Not used when replicas share the
     * database (PostgreSQL): a change made through another replica bumps that replica's counts, not this one's, so
     * every request reads its token and memberships there.
     */
    private final Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private final int maxKnown;

    /**
     * A caller known by its token: who, the token's kind, expiry and last use as read, of which generation and after
     * how many deletions of services by the store (their memberships go with them).
     */
    private record Known(Caller caller, TokenInfo token, long generation, long serviceDeletions) {}

    @Activate
    public Accounts(
            @Reference Database db, @Reference HierarchyStore store, BundleContext context, SecurityConfig config) {
        this(db, store, Clock.systemUTC(), config);
        bootstrap(
                firstNonBlank(config.adminPassword(), context.getProperty(ADMIN_PASSWORD_PROPERTY)),
                System.getenv(ADMIN_PASSWORD_ENV),
                DataFolder.of(context));
    }

    Accounts(Database db, HierarchyStore store, Clock clock, SecurityConfig config) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.passwords = new Passwords(config.passwordIterations());
        this.throttle = new LoginThrottle(
                positive("maxFailuresPerUser", config.maxFailuresPerUser()),
                positive("maxFailuresPerAddress", config.maxFailuresPerAddress()),
                Duration.ofSeconds(positive("failureWindowSeconds", config.failureWindowSeconds())),
                clock);
        this.loginTokenLife = Duration.ofHours(positive("loginTokenHours", config.loginTokenHours()));
        this.apiTokenLife = Duration.ofDays(positive("apiTokenDays", config.apiTokenDays()));
        if (config.knownCallers() < 0) {
            throw new IllegalArgumentException("knownCallers of configuration " + PID + " is " + config.knownCallers()
                    + ": give 0 (none) or more");
        }
        this.maxKnown = db.shared() ? 0 : config.knownCallers();
        db.migrate(
                "security",
                BUNDLE,
                Accounts.class.getClassLoader(),
                List.of("V1__security.sql", "V2__members_without_cascade.sql", "V3__tickets.sql"));
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    name + " of configuration " + PID + " is " + value + ": give a positive number");
        }
        return value;
    }

    // --- first start

    /**
     * Creates the {@code admin} account when no user exists: with the configured password, else the one of the
     * environment, else a generated one, printed once and written to {@code <data>/admin-password} (owner-only).
     *
     * @return the generated password, or null when none was generated
     */
    String bootstrap(String configured, String fromEnvironment, Path data) {
        if (db.read("count the users", UserRows::count) > 0) {
            return null;
        }
        String password = firstNonBlank(configured, fromEnvironment);
        boolean generated = password == null;
        if (generated) {
            password = Passwords.generate();
        } else if (Passwords.problem(password) != null) {
            throw new IllegalArgumentException("The first admin's password (adminPassword of configuration " + PID
                    + " or " + ADMIN_PASSWORD_ENV + ") " + Passwords.problem(password));
        }
        String hash = passwords.hash(password.toCharArray());
        Instant now = now();
        boolean created;
        try {
            created = db.write("create the first user 'admin'", c -> {
                if (UserRows.count(c) > 0) {
                    return false;
                }
                UserRows.insert(c, ADMIN, "Platform administrator", hash, true, now);
                return true;
            });
        } catch (RuntimeException e) {
            // Replicas starting together on one PostgreSQL: both counted none, the other inserted first.
            if (db.read("count the users", UserRows::count) > 0) {
                return null;
            }
            throw e;
        }
        if (!created) {
            return null;
        }
        audit(new AuditRecord(
                0,
                now,
                "system",
                "console",
                "CREATE",
                "/users/" + ADMIN,
                null,
                201,
                "success",
                "first start: created the platform administrator 'admin'"));
        if (!generated) {
            LOG.info("Created the platform administrator 'admin' with the configured password");
            return null;
        }
        Path file = data.resolve(ADMIN_PASSWORD_FILE);
        writeOwnerOnly(file, password);
        String message = "Created the platform administrator 'admin' with the generated password " + password
                + " (also in " + file.toAbsolutePath() + ", readable by its owner only). Sign in and change it.";
        System.out.println(message);
        LOG.warn(
                "Created the platform administrator 'admin' with a generated password; it is in {}",
                file.toAbsolutePath());
        return password;
    }

    private static void writeOwnerOnly(Path file, String password) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.error("Could not write the admin password to {}: {}", file, e.toString());
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    // --- authentication

    /** The stored form of a token, as the filter passes it on to {@link #updateUser}. */
    static String tokenHash(String token) {
        return Secrets.hash(token);
    }

    /**
     * The caller a token stands for.
     *
     * @param kind the only kind of token accepted, or null for any
     * @throws UnauthenticatedException if the token is malformed, unknown, revoked or expired
     */
    Caller authenticate(String token, String kind) {
        if (!Secrets.looksLikeToken(token)) {
            throw new UnauthenticatedException("The token is not one this platform issued: send Authorization: Bearer"
                    + " cjt_..., as POST /api/v1/auth/token returns it");
        }
        String hash = Secrets.hash(token);
        Instant now = clock.instant();
        long current = generation.get();
        Known hit = known.get(hash);
        if (hit != null && hit.generation() == current && hit.serviceDeletions() == store.serviceDeletions()) {
            TokenInfo info = hit.token();
            if ((kind == null || kind.equals(info.kind()))
                    && (info.expiresAt() == null || now.isBefore(info.expiresAt()))
                    && info.lastUsedAt() != null
                    && !info.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
                return hit.caller();
            }
            known.remove(hash); // expired, another kind, or its use is to be written: the full check below says
        }
        return authenticateStored(hash, kind, now);
    }

    /** A right taken away: every known caller is read again on their next request. */
    void forgetCallers() {
        generation.incrementAndGet();
        known.clear();
    }

    /** A write of who may do what ({@link #known} is read again after it). */
    private <T> T writeAccess(String action, io.cengjiyun.database.Database.Work<T> work) {
        try {
            return db.write(action, work);
        } finally {
            forgetCallers();
        }
    }

    private Caller authenticateStored(String hash, String kind, Instant now) {
        long current = generation.get(); // read before the rows: a change meanwhile makes this entry stale
        long deletions = store.serviceDeletions();
        TokenRows.Found found = db.read("check a token", c -> TokenRows.findByHash(c, hash))
                .orElseThrow(() -> new UnauthenticatedException(
                        "The token is unknown or was revoked: sign in again (POST /api/v1/auth/token)"));
        TokenInfo info = found.token();
        if (kind != null && !kind.equals(info.kind())) {
            throw new UnauthenticatedException("This is not a " + kind + " token: sign in again");
        }
        if (info.expiresAt() != null && !now.isBefore(info.expiresAt())) {
            throw new UnauthenticatedException("The token '" + info.name() + "' expired at " + info.expiresAt()
                    + ": sign in again, or create a new API token");
        }
        Map<String, Membership> memberships =
                db.read("read the memberships of user '" + info.user() + "'", c -> MemberRows.ofUser(c, info.user()));
        TokenInfo used = info;
        if (info.lastUsedAt() == null || info.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
            db.write("note the use of a token", c -> {
                TokenRows.touch(c, info.id(), now);
                return null;
            });
            used = info.usedAt(now);
        }
        Caller caller = new Caller(info.user(), found.platformAdmin(), memberships);
        if (maxKnown > 0) {
            if (known.size() >= maxKnown) {
                known.clear();
            }
            known.put(hash, new Known(caller, used, current, deletions));
        }
        return caller;
    }

    /**
     * Signs a user in with a password: a new token of the given kind, valid for loginTokenHours.
     *
     * @throws TooManyRequestsException after too many failures for this user or from this address
     * @throws UnauthenticatedException for a wrong user name or password (the same answer for both)
     */
    TokenInfo login(Credentials credentials, String address, String kind) {
        List<FieldError> errors = new ArrayList<>();
        if (credentials == null || credentials.username() == null) {
            errors.add(new FieldError("username", "is missing: give your user name"));
        }
        if (credentials == null || credentials.password() == null) {
            errors.add(new FieldError("password", "is missing: give your password"));
        }
        ValidationException.throwIfAny(errors);
        String user = credentials.username();
        long wait = throttle.waitSeconds(user, address);
        if (wait > 0) {
            throw new TooManyRequestsException(
                    "Too many failed sign-ins for user '" + user + "' or from " + address + ": wait " + wait
                            + " s before trying again",
                    wait);
        }
        Optional<UserRows.Stored> stored = user.length() > MAX_USERNAME
                ? Optional.empty()
                : db.read("read user '" + user + "'", c -> UserRows.find(c, user));
        char[] password = credentials.password().toCharArray();
        boolean ok;
        if (stored.isPresent()) {
            ok = passwords.verify(password, stored.get().passwordHash());
        } else {
            passwords.verifyDecoy(password);
            ok = false;
        }
        if (!ok) {
            throttle.failed(user, address);
            throw new UnauthenticatedException("Wrong user name or password");
        }
        throttle.succeeded(user);
        if (passwords.needsRehash(stored.get().passwordHash())) {
            String rehashed = passwords.hash(password);
            User u = stored.get().user();
            db.write("upgrade the password hash of '" + user + "'", c -> {
                UserRows.update(c, user, u.displayName(), rehashed, u.platformAdmin(), now());
                return null;
            });
        }
        return issue(
                user,
                KIND_SESSION.equals(kind) ? "console session" : "sign-in from " + address,
                kind,
                now().plus(loginTokenLife));
    }

    /** Revokes the token itself (sign-out); an unknown token is already gone. */
    void logout(String token) {
        if (!Secrets.looksLikeToken(token)) {
            return;
        }
        String hash = Secrets.hash(token);
        writeAccess("revoke a session", c -> {
            Optional<TokenRows.Found> found = TokenRows.findByHash(c, hash);
            if (found.isPresent()) {
                TokenRows.delete(
                        c, found.get().token().user(), found.get().token().id());
            }
            return null;
        });
    }

    // --- users

    List<User> users() {
        return db.read("list the users", UserRows::list);
    }

    User user(String name) {
        return db.read("read user '" + name + "'", c -> {
            User user = UserRows.find(c, name).orElseThrow(() -> notFound(name)).user();
            List<ServiceMembership> memberships = new ArrayList<>();
            MemberRows.ofUser(c, name)
                    .forEach((service, m) -> memberships.add(new ServiceMembership(service, m.role(), m.terminal())));
            return user.withMemberships(memberships);
        });
    }

    User createUser(UserInput input) {
        if (input == null) {
            throw new ValidationException("body", "is empty: send {\"username\": ..., \"password\": ...}");
        }
        List<FieldError> errors = new ArrayList<>();
        checkUsername(input.username(), errors);
        String passwordProblem = Passwords.problem(input.password());
        if (passwordProblem != null) {
            errors.add(new FieldError("password", passwordProblem));
        }
        checkDisplayName(input.displayName(), errors);
        if (input.currentPassword() != null) {
            errors.add(
                    new FieldError("currentPassword", "is only for changing one's own password (PUT): leave it out"));
        }
        ValidationException.throwIfAny(errors);
        String hash = passwords.hash(input.password().toCharArray());
        Instant now = now();
        boolean admin = input.platformAdmin() != null && input.platformAdmin();
        writeAccess("create user '" + input.username() + "'", c -> {
            if (UserRows.find(c, input.username()).isPresent()) {
                throw new ConflictException("user '" + input.username() + "' exists already: choose another name");
            }
            UserRows.insert(c, input.username(), input.displayName(), hash, admin, now);
            return null;
        });
        return user(input.username());
    }

    /**
     * Changes a user's display name, password or platform right. Only a platform administrator may change the
     * platform right; users changing their own password must give the current one (platform administrators too:
     * a stolen token must not be enough to take the account). A new password ends the user's other sign-ins
     * (login and console tokens); API tokens stay.
     *
     * @param currentTokenHash the hash of the token of this request, which stays valid; null for none
     */
    User updateUser(String name, UserInput input, Caller caller, String currentTokenHash) {
        if (input == null) {
            throw new ValidationException(
                    "body", "is empty: send the fields to change, e.g. {\"displayName\": \"Ana\"}");
        }
        List<FieldError> errors = new ArrayList<>();
        if (input.username() != null && !input.username().equals(name)) {
            errors.add(new FieldError(
                    "username",
                    "'" + input.username() + "' differs from the path's '" + name
                            + "': a user cannot be renamed; leave username out"));
        }
        if (input.password() != null && Passwords.problem(input.password()) != null) {
            errors.add(new FieldError("password", Passwords.problem(input.password())));
        }
        checkDisplayName(input.displayName(), errors);
        ValidationException.throwIfAny(errors);
        if (input.platformAdmin() != null && !caller.platformAdmin()) {
            throw new ForbiddenException("Only a platform administrator may change platformAdmin: leave it out");
        }
        UserRows.Stored stored =
                db.read("read user '" + name + "'", c -> UserRows.find(c, name)).orElseThrow(() -> notFound(name));
        boolean own = caller.name().equals(name);
        if (input.password() != null && own) {
            if (input.currentPassword() == null
                    || !passwords.verify(input.currentPassword().toCharArray(), stored.passwordHash())) {
                throw new ValidationException(
                        "currentPassword",
                        input.currentPassword() == null
                                ? "is missing: give your current password to set a new one"
                                : "does not match your current password");
            }
        }
        String hash = input.password() == null
                ? null
                : passwords.hash(input.password().toCharArray());
        Instant now = now();
        writeAccess("update user '" + name + "'", c -> {
            UserRows.Stored current = UserRows.find(c, name).orElseThrow(() -> notFound(name));
            boolean admin = input.platformAdmin() == null ? current.user().platformAdmin() : input.platformAdmin();
            if (current.user().platformAdmin() && !admin && UserRows.countAdmins(c) <= 1) {
                throw new ConflictException("user '" + name + "' is the last platform administrator: make another"
                        + " user platform administrator first");
            }
            UserRows.update(
                    c,
                    name,
                    input.displayName() == null ? current.user().displayName() : input.displayName(),
                    hash == null ? current.passwordHash() : hash,
                    admin,
                    now);
            if (hash != null) {
                TokenRows.deleteSignIns(c, name, currentTokenHash);
            }
            return null;
        });
        return user(name);
    }

    void deleteUser(String name) {
        writeAccess("delete user '" + name + "'", c -> {
            UserRows.Stored current = UserRows.find(c, name).orElseThrow(() -> notFound(name));
            if (current.user().platformAdmin() && UserRows.countAdmins(c) <= 1) {
                throw new ConflictException("user '" + name + "' is the last platform administrator and cannot be"
                        + " deleted: make another user platform administrator first");
            }
            UserRows.delete(c, name);
            return null;
        });
    }

    /** Sets a new generated password (shell), and returns it. */
    String resetPassword(String name) {
        String password = Passwords.generate();
        String hash = passwords.hash(password.toCharArray());
        Instant now = now();
        writeAccess("reset the password of user '" + name + "'", c -> {
            UserRows.Stored current = UserRows.find(c, name).orElseThrow(() -> notFound(name));
            UserRows.update(
                    c, name, current.user().displayName(), hash, current.user().platformAdmin(), now);
            return null;
        });
        return password;
    }

    /** The stored hash, for tests of the hashing parameters. */
    String passwordHash(String name) {
        return db.read("read user '" + name + "'", c -> UserRows.find(c, name))
                .orElseThrow(() -> notFound(name))
                .passwordHash();
    }

    // --- tokens

    List<TokenInfo> tokens(String user) {
        return db.read("list the tokens of user '" + user + "'", c -> {
            UserRows.find(c, user).orElseThrow(() -> notFound(user));
            return TokenRows.list(c, user);
        });
    }

    /** A new API token; its secret is in the answer and nowhere else. */
    TokenInfo createToken(String user, TokenRequest request) {
        if (request == null) {
            throw new ValidationException("body", "is empty: send {\"name\": \"ci\"} (and optionally \"expiresAt\")");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = request.name();
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is missing: name the token after its use, e.g. \"ci\""));
        } else if (name.length() > MAX_TOKEN_NAME || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(
                    "name", "must be at most " + MAX_TOKEN_NAME + " characters without control characters"));
        }
        Instant now = now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            errors.add(new FieldError(
                    "expiresAt",
                    "'" + request.expiresAt() + "' is not in the future: give a later" + " time, e.g. "
                            + now.plus(Duration.ofDays(30))));
        }
        ValidationException.throwIfAny(errors);
        db.read("read user '" + user + "'", c -> UserRows.find(c, user)).orElseThrow(() -> notFound(user));
        return issue(user, name, KIND_API, request.expiresAt() == null ? now.plus(apiTokenLife) : request.expiresAt());
    }

    void revokeToken(String user, String id) {
        boolean deleted =
                writeAccess("revoke token '" + id + "' of user '" + user + "'", c -> TokenRows.delete(c, user, id));
        if (!deleted) {
            throw new NotFoundException("token '" + id + "' of user '" + user + "'");
        }
    }

    private TokenInfo issue(String user, String name, String kind, Instant expiresAt) {
        String secret = Secrets.newToken();
        Instant now = now();
        TokenInfo token = new TokenInfo(Secrets.newId(), user, name, kind, now, expiresAt, null, null);
        db.write("create a token for user '" + user + "'", c -> {
            TokenRows.deleteExpired(c, now);
            TokenRows.insert(c, token, Secrets.hash(secret));
            return null;
        });
        return token.withSecret(secret);
    }

    // --- members

    List<Member> members(String service) {
        requireService(service);
        return db.read("read the members of service '" + service + "'", c -> MemberRows.ofService(c, service));
    }

    /**
     * Replaces the members of a service. A caller who is not a platform administrator cannot leave the
     * service without an admin, which would lock its team out.
     */
    List<Member> setMembers(String service, List<Member> members, Caller caller) {
        if (members == null) {
            throw new ValidationException(
                    "body", "is empty: send a list, e.g. [{\"user\": \"ana\", \"role\": \"developer\"}]");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            if (m == null) {
                errors.add(new FieldError("[" + i + "]", "is null: give {user, role, terminal}"));
                continue;
            }
            if (m.user() == null || m.user().isBlank()) {
                errors.add(new FieldError("[" + i + "].user", "is missing: name a user"));
            } else if (!seen.add(m.user())) {
                errors.add(
                        new FieldError("[" + i + "].user", "'" + m.user() + "' is listed twice: list each user once"));
            }
            if (m.role() == null) {
                errors.add(new FieldError("[" + i + "].role", "is missing: use one of " + Role.ids()));
            }
        }
        if (!caller.platformAdmin() && members.stream().noneMatch(m -> m != null && m.role() == Role.ADMIN)) {
            errors.add(new FieldError(
                    "role",
                    "no member is admin: keep at least one admin, or the service's team" + " can no longer manage it"));
        }
        ValidationException.throwIfAny(errors);
        requireService(service);
        writeAccess("set the members of service '" + service + "'", c -> {
            List<FieldError> unknown = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                if (UserRows.find(c, members.get(i).user()).isEmpty()) {
                    unknown.add(new FieldError(
                            "[" + i + "].user",
                            "'" + members.get(i).user() + "' is not a user: create it first (POST /api/v1/users)"));
                }
            }
            ValidationException.throwIfAny(unknown);
            MemberRows.replace(c, service, members);
            return null;
        });
        return members(service);
    }

    /** Adds a member or changes one's role (shell). */
    void setMember(String service, Member member) {
        requireService(service);
        writeAccess("set member '" + member.user() + "' of service '" + service + "'", c -> {
            UserRows.find(c, member.user()).orElseThrow(() -> notFound(member.user()));
            MemberRows.upsert(c, service, member);
            return null;
        });
    }

    void removeMember(String service, String user) {
        boolean removed = writeAccess(
                "remove member '" + user + "' of service '" + service + "'", c -> MemberRows.remove(c, service, user));
        if (!removed) {
            throw new NotFoundException("member '" + user + "' of service '" + service + "'");
        }
    }

    private void requireService(String service) {
        if (store.findService(service).isEmpty()) {
            throw new NotFoundException("service '" + service + "'");
        }
    }

    // --- tickets

    /** A single-use ticket for the user and scope, valid for {@code life}; expired tickets are removed meanwhile. */
    io.cengjiyun.security.Authentication.Ticket issueTicket(String user, String scope, Duration life) {
        String secret = Secrets.newToken();
        Instant now = clock.instant();
        Instant expires = now.plus(life).truncatedTo(ChronoUnit.MILLIS);
        db.write("issue a ticket", c -> {
            TicketRows.removeExpired(c, now);
            TicketRows.insert(c, Secrets.hash(secret), user, scope, expires);
            return null;
        });
        return new io.cengjiyun.security.Authentication.Ticket(secret, expires);
    }

    /** The caller a ticket stands for; the ticket is deleted whatever the outcome, so it serves once. */
    Caller redeemTicket(String ticket, String scope) {
        if (!Secrets.looksLikeToken(ticket)) {
            throw new UnauthenticatedException("The ticket is not one this platform issued: ask for a new one");
        }
        Instant now = clock.instant();
        // one transaction: the ticket taken, its user and memberships read with it
        Redeemed redeemed = db.write("redeem a ticket", c -> {
            TicketRows.Found found = TicketRows.take(c, Secrets.hash(ticket)).orElse(null);
            if (found == null) {
                return null;
            }
            User user =
                    UserRows.find(c, found.user()).map(UserRows.Stored::user).orElse(null);
            return new Redeemed(found, user, user == null ? Map.of() : MemberRows.ofUser(c, user.username()));
        });
        if (redeemed == null) {
            throw new UnauthenticatedException(
                    "The ticket is unknown or was used already: a ticket serves once, ask for a new one");
        }
        TicketRows.Found found = redeemed.ticket();
        if (!now.isBefore(found.expiresAt())) {
            throw new UnauthenticatedException(
                    "The ticket expired at " + found.expiresAt() + ": ask for a new one and use it at once");
        }
        if (!found.scope().equals(scope)) {
            throw new UnauthenticatedException(
                    "The ticket was issued for " + found.scope() + ", not for " + scope + ": ask for one for this");
        }
        if (redeemed.user() == null) {
            throw new UnauthenticatedException("The ticket's user '" + found.user() + "' no longer exists");
        }
        return new Caller(redeemed.user().username(), redeemed.user().platformAdmin(), redeemed.memberships());
    }

    private record Redeemed(TicketRows.Found ticket, User user, Map<String, Membership> memberships) {}

    // --- audit

    /** Appends a record; a failure is logged, never thrown: the call it records has happened already. */
    void audit(AuditRecord record) {
        try {
            db.write("append to the audit log", c -> {
                AuditRows.append(c, record);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Could not write the audit record {}: {}", record, e.getMessage());
        }
    }

    List<AuditRecord> audit(AuditRows.Query query) {
        return db.read("read the audit log", c -> AuditRows.read(c, query));
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void checkUsername(String name, List<FieldError> errors) {
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError(
                    "username", "is missing: give a name of lower-case letters, digits, '.', '_' or '-'"));
        } else if (!USERNAME.matcher(name).matches()) {
            errors.add(new FieldError(
                    "username",
                    "'" + name + "' is not a valid user name: use 1 to " + MAX_USERNAME + " lower-case"
                            + " letters, digits, '.', '_' or '-', starting and ending with a letter or digit"));
        } else if (RESERVED.contains(name)) {
            errors.add(new FieldError("username", "'" + name + "' is reserved by the platform: choose another"));
        }
    }

    private static void checkDisplayName(String displayName, List<FieldError> errors) {
        if (displayName != null
                && (displayName.length() > MAX_DISPLAY_NAME
                        || displayName.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError(
                    "displayName", "must be at most " + MAX_DISPLAY_NAME + " characters without control characters"));
        }
    }

    private static NotFoundException notFound(String user) {
        return new NotFoundException("user '" + user + "'");
    }
}
