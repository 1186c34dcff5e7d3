/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.security.Role;
import io.cengjiyun.api.shell.Table;
import java.time.Duration;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Console commands for users, tokens, members and the audit log. The console's operator is a platform
 * administrator. Passwords are never typed on a command line (it is audited): createUser and
 * resetPassword generate one and show it once.
 */
@Component(
        service = SecurityCommands.class,
        property = {
            "osgi.command.scope=cj",
            "osgi.command.function=users",
            "osgi.command.function=createUser",
            "osgi.command.function=deleteUser",
            "osgi.command.function=resetPassword",
            "osgi.command.function=tokens",
            "osgi.command.function=createToken",
            "osgi.command.function=revokeToken",
            "osgi.command.function=members",
            "osgi.command.function=setMember",
            "osgi.command.function=removeMember",
            "osgi.command.function=audit",
            "cengjiyun.command.readonly=users",
            "cengjiyun.command.readonly=tokens",
            "cengjiyun.command.readonly=members",
            "cengjiyun.command.readonly=audit"
        })
public class SecurityCommands {
    private final Accounts accounts;

    @Activate
    public SecurityCommands(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @Descriptor("lists the users")
    public String users() {
        Table table = new Table("NAME", "PLATFORM ADMIN", "DISPLAY NAME", "CREATED");
        accounts.users()
                .forEach(
                        u -> table.row(u.username(), u.platformAdmin() ? "yes" : "no", u.displayName(), u.createdAt()));
        return table.toString();
    }

    @Descriptor("creates a user with a generated password, shown once")
    public String createUser(
            @Descriptor("make the user a platform administrator")
                    @Parameter(
                            names = {"-a", "--admin"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean admin,
            @Descriptor("display name")
                    @Parameter(
                            names = {"-d", "--display-name"},
                            absentValue = "")
                    String displayName,
            @Descriptor("user name") String name) {
        String password = Passwords.generate();
        accounts.createUser(new UserInput(name, password, displayName.isEmpty() ? null : displayName, admin, null));
        return "user " + name + " created" + (admin ? " (platform administrator)" : "") + "; password: " + password
                + "\n(shown once: hand it over safely; the user changes it with PUT /api/v1/users/" + name + ")";
    }

    @Descriptor("deletes a user, their tokens and memberships")
    public String deleteUser(@Descriptor("user name") String name) {
        accounts.deleteUser(name);
        return "user " + name + " deleted";
    }

    @Descriptor("sets a new generated password for a user, shown once")
    public String resetPassword(@Descriptor("user name") String name) {
        return "new password of " + name + ": " + accounts.resetPassword(name) + " (shown once)";
    }

    @Descriptor("lists a user's tokens (never their secrets)")
    public String tokens(@Descriptor("user name") String user) {
        Table table = new Table("ID", "NAME", "KIND", "CREATED", "EXPIRES", "LAST USED");
        accounts.tokens(user)
                .forEach(t -> table.row(t.id(), t.name(), t.kind(), t.createdAt(), t.expiresAt(), t.lastUsedAt()));
        return table.toString();
    }

    @Descriptor("creates an API token for a user, shown once")
    public String createToken(
            @Descriptor("days until it expires (default 90)")
                    @Parameter(
                            names = {"-e", "--expires-days"},
                            absentValue = "0")
                    int days,
            @Descriptor("user name") String user,
            @Descriptor("token name, e.g. ci") String name) {
        if (days < 0) {
            throw new IllegalArgumentException("--expires-days is " + days + ": give a positive number of days");
        }
        TokenInfo token = accounts.createToken(
                user, new TokenRequest(name, days == 0 ? null : accounts.now().plus(Duration.ofDays(days))));
        return "token " + token.id() + " (" + name + ") of " + user + ", expires " + token.expiresAt() + ":\n"
                + token.token() + "\n(shown once)";
    }

    @Descriptor("revokes a user's token")
    public String revokeToken(@Descriptor("user name") String user, @Descriptor("token id") String id) {
        accounts.revokeToken(user, id);
        return "token " + id + " of " + user + " revoked";
    }

    @Descriptor("lists the members of a service")
    public String members(@Descriptor("service name") String service) {
        Table table = new Table("USER", "ROLE", "TERMINAL");
        accounts.members(service).forEach(m -> table.row(m.user(), m.role().id(), m.terminalOrFalse() ? "yes" : "no"));
        return table.toString();
    }

    @Descriptor("adds a member to a service or changes their role (viewer, developer, admin)")
    public String setMember(
            @Descriptor("grant the terminal right")
                    @Parameter(
                            names = {"-t", "--terminal"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean terminal,
            @Descriptor("service name") String service,
            @Descriptor("user name") String user,
            @Descriptor("role: viewer, developer or admin") String role) {
        accounts.setMember(service, new Member(user, Role.of(role), terminal));
        return user + " is " + role + " of service " + service + (terminal ? ", with the terminal right" : "");
    }

    @Descriptor("removes a member from a service")
    public String removeMember(@Descriptor("service name") String service, @Descriptor("user name") String user) {
        accounts.removeMember(service, user);
        return user + " removed from service " + service;
    }

    @Descriptor("shows the audit log, newest first")
    public String audit(
            @Descriptor("only this service")
                    @Parameter(
                            names = {"-s", "--service"},
                            absentValue = "")
                    String service,
            @Descriptor("only this user")
                    @Parameter(
                            names = {"-u", "--user"},
                            absentValue = "")
                    String user,
            @Descriptor("from this UTC time, e.g. 2026-11-25T10:00:00Z")
                    @Parameter(
                            names = {"--since"},
                            absentValue = "")
                    String since,
            @Descriptor("before this UTC time")
                    @Parameter(
                            names = {"--until"},
                            absentValue = "")
                    String until,
            @Descriptor("at most this many records (default 100)")
                    @Parameter(
                            names = {"-n", "--limit"},
                            absentValue = "")
                    String limit) {
        Table table = new Table("ID", "AT", "ACTOR", "ADDRESS", "ACTION", "TARGET", "STATUS", "OUTCOME");
        accounts.audit(AuditResource.query(service, user, since, until, null, limit))
                .forEach(r -> table.row(
                        r.id(), r.at(), r.actor(), r.address(), r.action(), r.target(), r.status(), r.outcome()));
        return table.toString();
    }
}
