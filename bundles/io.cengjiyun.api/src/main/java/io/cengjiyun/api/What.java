/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/** Names services, appmaps and servers in messages the same way in every bundle. */
public final class What {
    private What() {}

    public static String service(String name) {
        return "service '" + name + "'";
    }

    public static String appMap(String service, String name) {
        return "appmap '" + name + "' of service '" + service + "'";
    }

    public static String server(String service, String appmap, String name) {
        return "server '" + name + "' in appmap '" + appmap + "' of service '" + service + "'";
    }
}
