/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The user an API server forwards a request for, from the front proxy's headers (trusted only because its client
 * certificate was checked first): the user from the first username header that has one, the groups from every group
 * header, and the extra attributes from the headers with the extra prefix (the key lower-cased and percent-decoded,
 * as Kubernetes encodes it).
 */
record Caller(String user, List<String> groups, Map<String, List<String>> extra) {
    Caller {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    /** Empty when no username header names a user: the API server always sends one. */
    static Optional<Caller> of(FrontProxy proxy, Map<String, List<String>> headers) {
        String user = null;
        for (String name : proxy.userHeaders()) {
            for (String value : values(headers, name)) {
                if (!value.isBlank()) {
                    user = value;
                    break;
                }
            }
            if (user != null) {
                break;
            }
        }
        if (user == null) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        for (String name : proxy.groupHeaders()) {
            groups.addAll(values(headers, name));
        }
        Map<String, List<String>> extra = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            for (String prefix : proxy.extraPrefixes()) {
                String p = prefix.toLowerCase(Locale.ROOT);
                if (name.startsWith(p) && name.length() > p.length()) {
                    String key = URLDecoder.decode(name.substring(p.length()), StandardCharsets.UTF_8);
                    extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(header.getValue());
                }
            }
        }
        extra.replaceAll((k, v) -> List.copyOf(v));
        return Optional.of(new Caller(user, groups, extra));
    }

    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
                found.addAll(header.getValue());
            }
        }
        return found;
    }
}
