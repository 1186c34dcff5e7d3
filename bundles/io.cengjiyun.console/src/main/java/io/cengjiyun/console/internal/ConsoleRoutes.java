/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.console.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which requests the console answers with its page. The console routes in the browser (history API, clean paths such
 * as {@code /services/shop/appmaps/dev}), so a reload or a shared link arrives here as a plain GET of that path: it
 * gets {@code index.html} when a browser navigates to it (it accepts HTML). Any other request to such a path (a script
 * asking JSON, a typo'd API call) keeps the runtime's problem-details 404, and paths outside the console's few
 * top-level words are never touched, so the console cannot shadow {@code /api}, {@code /metrics}, {@code /terminal} or
 * a bundle added later.
 */
final class ConsoleRoutes {
    /** The console's top-level words; each owns its path and everything below it. Kept in step with
     * {@link ConsoleIndex}'s patterns and web/src/routes.js. */
    static final List<String> ROOTS = List.of("services", "audit", "clusters", "users", "backups", "account");

    /** Where vite puts the hashed files (build.assetsDir); served long-lived at {@code /console-assets/*}. */
    static final String ASSETS = "/console-assets";

    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");

    private ConsoleRoutes() {}

    /** True for the console's own paths: {@code /}, and each root with whatever follows it. */
    static boolean isRoute(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return true;
        }
        if (!path.startsWith("/")) {
            return false;
        }
        int end = path.indexOf('/', 1);
        return ROOTS.contains(end < 0 ? path.substring(1) : path.substring(1, end));
    }

    /**
     * True when the request is a browser's navigation: it names {@code text/html} (browsers send {@code
     * text/html,application/xhtml+xml,...}). A client asking JSON, problem+json or anything ({@code *}{@code /*}, a
     * script or curl) gets the runtime's kind of answer instead of a page it cannot use.
     */
    static boolean wantsPage(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("text/html") || lower.contains("application/xhtml+xml");
    }

    /**
     * The Content-Security-Policy of the console's page and files: this origin only, and the WebSocket of the
     * terminal (on the same host: browsers before CSP 3 do not count ws: as 'self'). The host comes from the request;
     * one that is not a plain host[:port] is left out rather than echoed into the header.
     */
    static String policy(String host) {
        String sockets = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'" + sockets + "; frame-src 'self'; frame-ancestors 'self'; object-src 'none';"
                + " form-action 'self'; base-uri 'self'";
    }
}
