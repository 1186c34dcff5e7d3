/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels the platform puts on every object of one server, and the selector that finds its pods. */
final class Labels {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String NAME = "app.kubernetes.io/name";
    static final String SERVICE = "cengjiyun.io/service";
    static final String APPMAP = "cengjiyun.io/appmap";
    static final String SERVER = "cengjiyun.io/server";
    static final String PLATFORM = "cengjiyun";

    private final Map<String, String> selector;
    private final Map<String, String> platform;

    Labels(String service, String appMap, String server) {
        Map<String, String> stable = new LinkedHashMap<>();
        stable.put(MANAGED_BY, PLATFORM);
        stable.put(SERVICE, service);
        stable.put(APPMAP, appMap);
        stable.put(SERVER, server);
        selector = Map.copyOf(stable);
        Map<String, String> all = new LinkedHashMap<>(stable);
        all.put(NAME, server);
        platform = Map.copyOf(all);
    }

    /** Every platform label. */
    Map<String, String> platform() {
        return platform;
    }

    /**
     * The pod selector. A controller's selector cannot change once created, so it holds only labels that never
     * change for a server: not app.kubernetes.io/name, a convention other tools also write.
     */
    Map<String, String> selector() {
        return selector;
    }

    /**
     * The user's labels with the platform's on top: a user label may never replace a platform label, or the
     * selector would lose its pods and the platform its objects.
     */
    Map<String, String> withUser(Map<String, String> user) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (user != null) {
            labels.putAll(user);
        }
        labels.putAll(platform);
        return labels;
    }
}
