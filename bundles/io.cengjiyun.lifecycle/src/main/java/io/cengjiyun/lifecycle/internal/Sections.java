/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The sections of server definitions that contributors own. Which bundle owns a section is remembered from every
 * contributor seen since the start, so that a definition using the section of a bundle that is gone is refused
 * naming that bundle.
 */
final class Sections {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Section name to the symbolic name of the bundle whose contributor owned it last. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** Remembers the sections of a contributor that binds. */
    void bound(ServerObjectContributor contributor) {
        String bundle = bundleOf(contributor);
        contributor.handles().forEach(section -> owners.put(section, bundle));
    }

    /**
     * The sections a definition uses that a contributor must make real: its {@code ports} and {@code volumes} when
     * not empty, its {@code autoscaling} when given, and every other section it has.
     */
    static Set<String> used(ServerDefinition def) {
        Set<String> used = new TreeSet<>();
        if (def.ports() != null && !def.ports().isEmpty()) {
            used.add("ports");
        }
        if (def.volumes() != null && !def.volumes().isEmpty()) {
            used.add("volumes");
        }
        if (def.autoscaling() != null) {
            used.add("autoscaling");
        }
        used.addAll(def.sections().keySet());
        return used;
    }

    /** The sections of the given contributors, each with its JSON Schema, by name. */
    static Map<String, String> schemas(List<ServerObjectContributor> contributors) {
        Map<String, String> schemas = new TreeMap<>();
        contributors.forEach(c -> schemas.putAll(c.sectionSchemas()));
        return schemas;
    }

    /**
     * The OpenAPI schema of a server definition as far as sections go: each running contributor's section with its
     * schema under {@code properties}; a contributor's schema that is not JSON is shown as such, not hidden.
     */
    static Map<String, Object> definitionSchema(Map<String, String> sectionSchemas) {
        Map<String, Object> properties = new TreeMap<>();
        sectionSchemas.forEach((section, schema) -> {
            try {
                properties.put(section, JSON.readValue(schema, Map.class));
            } catch (IOException | RuntimeException e) {
                properties.put(
                        section,
                        Map.of("description", "the schema its contributor gives is not JSON: " + e.getMessage()));
            }
        });
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("type", "object");
        definition.put(
                "description",
                "A server definition. Its core fields (name, kind, replicas, containers,"
                        + " updateStrategy, job...) are always there; the sections under properties are those the running"
                        + " contributor bundles own, each with its schema. A section no running bundle owns is refused (503).");
        definition.put("properties", properties);
        definition.put("additionalProperties", true);
        return definition;
    }

    /**
     * Refuses a definition that uses a section none of the running contributors owns: 503 naming the section and the
     * bundle that would own it, since a server applied without a part of it is not the server asked for.
     */
    void requireOwners(ServerDefinition def, List<ServerObjectContributor> running) {
        Set<String> owned = new HashSet<>();
        running.forEach(c -> owned.addAll(c.handles()));
        Set<String> missing = new TreeSet<>(used(def));
        missing.removeAll(owned);
        if (missing.isEmpty()) {
            return;
        }
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Set<String> bundles = new TreeSet<>();
        for (String section : missing) {
            String bundle = owners.get(section);
            if (bundle == null) {
                unknown.add("'" + section + "'");
            } else {
                known.add("'" + section + "' (owned by the bundle " + bundle + ")");
                bundles.add(bundle);
            }
        }
        StringBuilder why = new StringBuilder("server '" + def.name() + "' has ");
        if (!known.isEmpty()) {
            why.append(known.size() == 1 ? "the section " : "the sections ")
                    .append(String.join(" and ", known))
                    .append(", and ")
                    .append(bundles.size() == 1 ? "that bundle is" : "those bundles are")
                    .append(" not running");
        }
        if (!unknown.isEmpty()) {
            why.append(known.isEmpty() ? "" : "; it also has ")
                    .append(unknown.size() == 1 ? "the section " : "the sections ")
                    .append(String.join(" and ", unknown))
                    .append(", which no running bundle owns (nor did any since" + " the platform started)");
        }
        why.append(": nothing was applied.");
        if (!bundles.isEmpty()) {
            why.append(" Start ")
                    .append(String.join(" and ", bundles))
                    .append(" (at the console: start <bundle>, or" + " drop its jar into deploy/) and try again.");
        }
        if (!unknown.isEmpty()) {
            why.append(" Deploy the bundle that owns ")
                    .append(unknown.size() == 1 ? "it" : "them")
                    .append(" (drop its"
                            + " jar into deploy/; the sections of the running bundles are listed in /openapi.json), or remove "
                            + (unknown.size() == 1 ? "the section" : "the sections") + " if it is a typing error.");
        }
        throw new UnavailableException(why.toString(), null);
    }

    private static String bundleOf(ServerObjectContributor contributor) {
        Bundle bundle = FrameworkUtil.getBundle(contributor.getClass());
        return bundle != null
                ? bundle.getSymbolicName()
                : contributor.getClass().getPackageName();
    }
}
