/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code io.cengjiyun.security} (etc/io.cengjiyun.security.cfg). */
@ObjectClassDefinition(name = "Cengjiyun security")
public @interface SecurityConfig {
    @AttributeDefinition(
            description = "Password of the first 'admin' account, used only when no user exists yet."
                    + " Else the environment variable CENGJIYUN_ADMIN_PASSWORD, else a generated one written to"
                    + " <data>/admin-password")
    String adminPassword() default "";

    @AttributeDefinition(description = "PBKDF2-HMAC-SHA256 iterations of new password hashes (at least 600000)")
    int passwordIterations() default Passwords.MIN_ITERATIONS;

    @AttributeDefinition(description = "Hours a token from POST /auth/token or a console session lasts")
    int loginTokenHours() default 12;

    @AttributeDefinition(description = "Days an API token lasts when its request names no expiry")
    int apiTokenDays() default 90;

    @AttributeDefinition(description = "Failed sign-ins allowed per user name within the window")
    int maxFailuresPerUser() default 5;

    @AttributeDefinition(description = "Failed sign-ins allowed per client address within the window")
    int maxFailuresPerAddress() default 20;

    @AttributeDefinition(description = "The window of failed sign-ins, in seconds")
    int failureWindowSeconds() default 900;

    @AttributeDefinition(
            description = "Seconds a ticket (POST .../terminal/tickets) stays valid; it serves once in any case")
    int ticketSeconds() default 30;

    @AttributeDefinition(
            description = "Origins besides the platform's own address from which a browser may open a WebSocket,"
                    + " e.g. https://console.example.com (scheme, host and port as the browser sends them)")
    String[] allowedOrigins() default {};

    @AttributeDefinition(
            description = "Callers kept in memory by their token, so that a request costs no read of its token and"
                    + " memberships (a revocation or a change of rights still counts on the next request); 0: none")
    int knownCallers() default 10_000;
}
