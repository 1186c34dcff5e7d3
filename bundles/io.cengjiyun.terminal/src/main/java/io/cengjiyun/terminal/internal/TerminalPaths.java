/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

/** Where a server's terminal is, and the scope of its tickets. */
public final class TerminalPaths {
    private TerminalPaths() {}

    public static String scope(String service, String appmap, String server) {
        return "terminal:" + service + "/" + appmap + "/" + server;
    }

    public static String socket(String service, String appmap, String server) {
        return "/ws/v1/services/" + service + "/appmaps/" + appmap + "/servers/" + server + "/terminal";
    }
}
