/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.ForbiddenException;
import io.cengjiyun.api.UnauthenticatedException;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.security.Authentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link Authentication} on the same accounts and audit log as the REST security filter. */
@Component(service = Authentication.class, configurationPid = Accounts.PID)
public class Gate implements Authentication {
    private final Accounts accounts;
    private final Duration ticketLife;
    private final Set<String> allowedOrigins;

    @Activate
    public Gate(@Reference Accounts accounts, SecurityConfig config) {
        this(accounts, config.ticketSeconds(), config.allowedOrigins());
    }

    Gate(Accounts accounts, int ticketSeconds, String[] allowedOrigins) {
        if (ticketSeconds < 1 || ticketSeconds > 3600) {
            throw new IllegalArgumentException("ticketSeconds of configuration " + Accounts.PID + " is " + ticketSeconds
                    + ": give a number of seconds from 1 to 3600");
        }
        this.accounts = accounts;
        this.ticketLife = Duration.ofSeconds(ticketSeconds);
        this.allowedOrigins = Stream.of(allowedOrigins == null ? new String[0] : allowedOrigins)
                .map(String::strip)
                .filter(o -> !o.isEmpty())
                .map(o -> {
                    String normal = normalOrigin(o);
                    if (normal == null) {
                        throw new IllegalArgumentException("allowedOrigins of configuration " + Accounts.PID + " has '"
                                + o + "': give origins as scheme://host[:port]");
                    }
                    return normal;
                })
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Caller bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthenticatedException("Only bearer tokens are accepted: send Authorization: Bearer <token>");
        }
        return accounts.authenticate(authorization.substring(7).trim(), null);
    }

    @Override
    public Caller session(String cookie) {
        return accounts.authenticate(cookie, Accounts.KIND_SESSION);
    }

    @Override
    public Ticket ticket(Caller caller, String scope) {
        if (scope == null || scope.isEmpty() || scope.length() > 400) {
            throw new IllegalArgumentException("a ticket's scope must have 1 to 400 characters");
        }
        return accounts.issueTicket(caller.name(), scope, ticketLife);
    }

    @Override
    public Caller redeem(String ticket, String scope) {
        return accounts.redeemTicket(ticket, scope);
    }

    @Override
    public void checkOrigin(String origin, String scheme, String host) {
        if (origin == null) {
            return;
        }
        String normal = normalOrigin(origin);
        if (normal != null && host != null) {
            String own = normalOrigin(scheme + "://" + host);
            if (normal.equals(own) || allowedOrigins.contains(normal)) {
                return;
            }
        }
        throw new ForbiddenException("A page of origin '" + origin + "' may not open this connection: only pages of the"
                + " platform itself (" + scheme + "://" + host + ") may, or an origin listed in allowedOrigins of"
                + " configuration " + Accounts.PID);
    }

    /** scheme://host[:port] in lower case with the scheme's default port left out; null if it is not an origin. */
    static String normalOrigin(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null
                    || host == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1
                    || (port == 80 && (scheme.equals("http") || scheme.equals("ws")))
                    || (port == 443 && (scheme.equals("https") || scheme.equals("wss")));
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Override
    public void audit(
            String actor, String address, String action, String target, String service, int status, String detail) {
        accounts.audit(new AuditRecord(
                0,
                accounts.now(),
                actor,
                address,
                action,
                target,
                service,
                status,
                AuditRecord.outcomeOf(status),
                detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 997) + "..."));
    }
}
