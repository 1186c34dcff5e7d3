/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security;

import io.cengjiyun.api.ForbiddenException;
import io.cengjiyun.api.UnauthenticatedException;
import io.cengjiyun.api.security.Caller;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Authentication and audit for endpoints that the REST security filter does not guard (WebSocket upgrades). The
 * same accounts, tokens, sessions and audit log as the REST API: one implementation, in the security bundle.
 */
@ProviderType
public interface Authentication {
    /** The console's session cookie. */
    String SESSION_COOKIE = "cj_session";

    /**
     * The caller of an {@code Authorization} header's value ({@code Bearer cjt_...}): an API or sign-in token.
     *
     * @throws UnauthenticatedException if it is not a bearer token, or unknown, revoked or expired
     */
    Caller bearer(String authorization);

    /**
     * The caller of a session cookie's value.
     *
     * @throws UnauthenticatedException if the session is unknown, signed out or expired
     */
    Caller session(String cookie);

    /**
     * A single-use ticket for the caller, valid for one scope (e.g. {@code terminal:shop/dev/web}) and a few seconds,
     * for a client that cannot send a token where it connects.
     */
    Ticket ticket(Caller caller, String scope);

    /**
     * The caller a ticket was issued to; the ticket is used up, even when it is refused for its scope.
     *
     * @throws UnauthenticatedException if the ticket is unknown, used, expired or of another scope
     */
    Caller redeem(String ticket, String scope);

    /**
     * Refuses a browser's cross-site request: the {@code Origin} must be the platform's own address (the scheme and
     * {@code Host} the request came to) or one the configuration allows. No {@code Origin} (a non-browser client) is
     * accepted: such a client authenticates with a token or ticket a page of another site cannot obtain.
     *
     * @throws ForbiddenException naming the origin and how to allow it
     */
    void checkOrigin(String origin, String scheme, String host);

    /**
     * Appends a record to the platform's audit log (a failure to write is logged, never thrown).
     *
     * @param action a verb such as {@code TERMINAL}
     * @param target what was acted on, as a path
     * @param service the service, or null
     * @param status an HTTP-like status of the outcome (200, 403...)
     * @param detail free text, or null
     */
    void audit(String actor, String address, String action, String target, String service, int status, String detail);

    /** A ticket: its secret (shown once) and when it expires. */
    record Ticket(String value, Instant expiresAt) {}
}
