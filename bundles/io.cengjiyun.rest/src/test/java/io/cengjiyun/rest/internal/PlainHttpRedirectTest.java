/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlainHttpRedirectTest {

    @Test
    void theRedirectKeepsPathAndQueryOnTheHttpsPort() {
        PlainHttpRedirect redirect = new PlainHttpRedirect(true, 8443);

        assertEquals("https://example.org:8443/api/v1/x?a=1", redirect.httpsUrl("example.org", "/api/v1/x", "a=1"));
        assertEquals("https://[::1]:8443/", redirect.httpsUrl("::1", "/", null));
        assertEquals("https://example.org/", new PlainHttpRedirect(true, 443).httpsUrl("example.org", "/", null));
    }
}
