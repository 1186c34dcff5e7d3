/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Membership;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.api.security.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 403 messages: each names the user and says what is missing. */
class SecurityFilterDenialTest {
    private static final Caller VERA =
            new Caller("vera", false, Map.of("shop", new Membership("vera", Role.VIEWER, false)));

    @Test
    void platformAdmin() {
        String message = SecurityFilter.denial(VERA, Right.PLATFORM_ADMIN, null);
        assertTrue(message.contains("'vera'") && message.contains("platform administrator"), message);
    }

    @Test
    void self() {
        String message = SecurityFilter.denial(VERA, Right.SELF, "bob");
        assertTrue(message.contains("'vera'") && message.contains("'bob'"), message);
    }

    @Test
    void notAMember() {
        String message = SecurityFilter.denial(VERA, Right.VIEWER, "blog");
        assertTrue(message.contains("not a member") && message.contains("'blog'"), message);
    }

    @Test
    void noServiceNamed() {
        String message = SecurityFilter.denial(VERA, Right.DEVELOPER, null);
        assertTrue(message.contains("names no service"), message);
    }

    @Test
    void roleTooLow() {
        assertEquals(
                "user 'vera' is viewer of service 'shop'; this needs the role developer or higher",
                SecurityFilter.denial(VERA, Right.DEVELOPER, "shop"));
        String admin = SecurityFilter.denial(VERA, Right.SERVICE_ADMIN, "shop");
        assertTrue(admin.endsWith("needs the role admin or higher"), admin);
    }

    @Test
    void noTerminalRight() {
        String message = SecurityFilter.denial(VERA, Right.TERMINAL, "shop");
        assertTrue(message.contains("no terminal right") && message.contains("'shop'"), message);
    }
}
