/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerTest {
    private static final Caller VIEWER = member("vera", Role.VIEWER, false);
    private static final Caller DEVELOPER = member("dev", Role.DEVELOPER, false);
    private static final Caller SERVICE_ADMIN = member("sam", Role.ADMIN, false);
    private static final Caller PLATFORM_ADMIN = new Caller("root", true, Map.of());
    private static final Caller OUTSIDER = new Caller("otto", false, Map.of());

    private static Caller member(String name, Role role, boolean terminal) {
        return new Caller(name, false, Map.of("shop", new Membership(name, role, terminal)));
    }

    @Test
    void anyoneAndAnySignedInUser() {
        for (Caller caller : new Caller[] {OUTSIDER, VIEWER, PLATFORM_ADMIN}) {
            assertTrue(caller.has(Right.ANYONE, null));
            assertTrue(caller.has(Right.USER, null));
            assertTrue(caller.has(Right.USER, "shop"));
        }
    }

    @Test
    void viewerMayOnlyRead() {
        assertTrue(VIEWER.has(Right.VIEWER, "shop"));
        assertFalse(VIEWER.has(Right.DEVELOPER, "shop"));
        assertFalse(VIEWER.has(Right.SERVICE_ADMIN, "shop"));
        assertFalse(VIEWER.has(Right.TERMINAL, "shop"));
        assertFalse(VIEWER.has(Right.PLATFORM_ADMIN, null));
    }

    @Test
    void developerIncludesViewer() {
        assertTrue(DEVELOPER.has(Right.VIEWER, "shop"));
        assertTrue(DEVELOPER.has(Right.DEVELOPER, "shop"));
        assertFalse(DEVELOPER.has(Right.SERVICE_ADMIN, "shop"));
        assertFalse(DEVELOPER.has(Right.TERMINAL, "shop"));
    }

    @Test
    void serviceAdminIncludesDeveloperButNotTerminal() {
        assertTrue(SERVICE_ADMIN.has(Right.VIEWER, "shop"));
        assertTrue(SERVICE_ADMIN.has(Right.DEVELOPER, "shop"));
        assertTrue(SERVICE_ADMIN.has(Right.SERVICE_ADMIN, "shop"));
        assertFalse(SERVICE_ADMIN.has(Right.TERMINAL, "shop"), "the terminal right is granted separately");
        assertFalse(SERVICE_ADMIN.has(Right.PLATFORM_ADMIN, "shop"));
    }

    @Test
    void terminalNeedsTheTerminalFlag() {
        assertTrue(member("tina", Role.VIEWER, true).has(Right.TERMINAL, "shop"));
        assertTrue(member("tina", Role.DEVELOPER, true).has(Right.TERMINAL, "shop"));
        assertFalse(member("tina", Role.DEVELOPER, true).has(Right.TERMINAL, "blog"));
    }

    @Test
    void rightsHoldOnlyInTheServiceOfTheMembership() {
        for (Right right : new Right[] {Right.VIEWER, Right.DEVELOPER, Right.SERVICE_ADMIN, Right.TERMINAL}) {
            assertFalse(SERVICE_ADMIN.has(right, "blog"), right.name());
            assertFalse(SERVICE_ADMIN.has(right, null), right + " without a service");
            assertFalse(OUTSIDER.has(right, "shop"), right.name());
        }
    }

    @Test
    void selfMeansTheNamedUser() {
        assertTrue(VIEWER.has(Right.SELF, "vera"));
        assertFalse(VIEWER.has(Right.SELF, "dev"));
        assertFalse(VIEWER.has(Right.SELF, null));
        assertFalse(VIEWER.has(Right.SELF, "shop"), "a service name is not the user");
    }

    @Test
    void platformAdminHasEveryRightEverywhere() {
        for (Right right : Right.values()) {
            assertTrue(PLATFORM_ADMIN.has(right, "shop"), right.name());
            assertTrue(PLATFORM_ADMIN.has(right, "any-service"), right.name());
            assertTrue(PLATFORM_ADMIN.has(right, null), right.name());
        }
        assertTrue(PLATFORM_ADMIN.has(Right.SELF, "someone-else"));
        assertTrue(Caller.OPERATOR.has(Right.PLATFORM_ADMIN, null));
    }

    @Test
    void onlyAPlatformAdminIsPlatformAdmin() {
        for (Caller caller :
                new Caller[] {OUTSIDER, VIEWER, DEVELOPER, SERVICE_ADMIN, member("tina", Role.ADMIN, true)}) {
            assertFalse(caller.has(Right.PLATFORM_ADMIN, null), caller.name());
            assertFalse(caller.has(Right.PLATFORM_ADMIN, "shop"), caller.name());
        }
    }

    @Test
    void canSeeOnlyOwnServicesUnlessPlatformAdmin() {
        assertTrue(VIEWER.canSee("shop"));
        assertFalse(VIEWER.canSee("blog"));
        assertFalse(OUTSIDER.canSee("shop"));
        assertTrue(PLATFORM_ADMIN.canSee("blog"));
    }

    @Test
    void membershipsAreCopiedAndUnmodifiable() {
        Map<String, Membership> map = new HashMap<>();
        map.put("shop", new Membership("ana", Role.ADMIN, false));
        Caller ana = new Caller("ana", false, map);
        map.put("blog", new Membership("ana", Role.ADMIN, false));
        assertFalse(ana.has(Right.VIEWER, "blog"), "a later change of the map does not grant rights");
        assertThrows(
                UnsupportedOperationException.class, () -> ana.memberships().put("blog", map.get("blog")));
        assertThrows(NullPointerException.class, () -> new Caller(null, false, Map.of()));
    }

    @Test
    void ofAPrincipal() {
        Principal principal = () -> "ana";
        assertNull(Caller.of(principal));
        assertNull(Caller.of(null));
        assertSame(VIEWER, Caller.of(VIEWER));
        assertEquals("vera", VIEWER.getName());
    }
}
