/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.validation.Checks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks of a config map or secret sent by a client, so that Kubernetes takes it as it is stored. */
final class ConfigRules {
    /** 63 for a name, less the 12 of the annotation prefix that carries its digest (see {@link ConfigKind}). */
    static final int MAX_NAME = 51;
    /** Kubernetes' limit of a ConfigMap's or Secret's data. */
    static final int MAX_BYTES = 1024 * 1024;

    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    static final int MAX_KEY = 253;

    private ConfigRules() {}

    /** @param pathName the name in the path, or null when the body names it (a create) */
    static List<FieldError> check(ConfigKind kind, ConfigInput input, String pathName) {
        Checks c = new Checks(new ArrayList<>());
        if (input == null) {
            c.error("body", "is empty: send {\"name\": \"app-config\", \"data\": {\"key\": \"value\"}}");
            return c.errors();
        }
        if (pathName == null) {
            c.dnsLabel("name", input.name(), MAX_NAME);
        } else if (input.name() != null && !input.name().equals(pathName)) {
            c.error(
                    "name",
                    "'" + input.name() + "' is not the " + kind.noun() + " of the path, '" + pathName + "': a "
                            + kind.noun() + " cannot be renamed; create one of the new name, then delete this one");
        }
        if (input.data() == null) {
            c.error("data", "is required: the " + kind.noun() + "'s entries as {\"key\": \"value\"} ({} for none)");
            return c.errors();
        }
        long bytes = 0;
        for (Map.Entry<String, String> e : input.data().entrySet()) {
            String key = e.getKey();
            String f = "data." + key;
            if (key == null
                    || key.isEmpty()
                    || key.length() > MAX_KEY
                    || !KEY.matcher(key).matches()
                    || key.equals(".")
                    || key.equals("..")) {
                c.error(
                        f,
                        "is not a key Kubernetes accepts: use at most " + MAX_KEY + " letters, digits, '-', '_' and"
                                + " '.', e.g. 'app.properties' (a mounted key becomes a file of that name)");
            }
            if (e.getValue() == null) {
                c.error(f, "has no value: give a string (\"\" for an empty file), or leave the key out");
            } else {
                bytes += key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
                bytes += e.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (bytes > MAX_BYTES) {
            c.error(
                    "data",
                    "holds " + bytes + " bytes; Kubernetes takes at most " + MAX_BYTES + " (1 MiB) per " + kind.noun()
                            + ": split it, or keep large files in a persistent volume");
        }
        return c.errors();
    }

    /** The path name of a GET, PUT or DELETE: a name that cannot exist is a 404, but a PUT must name a valid one. */
    static List<FieldError> checkName(String name) {
        Checks c = new Checks(new ArrayList<>());
        c.dnsLabel("name", name, MAX_NAME);
        return c.errors();
    }
}
