/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.inspection.FieldDrift.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Field drift: the live objects against what the stored revision renders, and where each drifted field would go in the
 * definition (adopt). Pure functions of JSON trees.
 */
final class Drift {
    /** Pod template fields that are the definition's own top-level fields. */
    private static final Set<String> POD_FIELDS =
            Set.of("nodeSelector", "tolerations", "affinity", "serviceAccountName", "terminationGracePeriodSeconds");
    /** Container fields another part of the definition makes (the volumes section), not the container's own. */
    private static final Set<String> CONTAINER_MADE_ELSEWHERE = Set.of("volumeMounts");

    private static final Pattern CONTAINER =
            Pattern.compile("spec\\.template\\.spec\\.(containers|initContainers)\\[(\\d+)]\\.([A-Za-z]+)(.*)");
    private static final Pattern POD_FIELD = Pattern.compile("spec\\.template\\.spec\\.([A-Za-z]+)(.*)");

    private Drift() {}

    /**
     * Every field of the rendered objects whose live value differs (a list of another length is one field); an object
     * rendered but not on the cluster is one field with path {@code ""}.
     *
     * @param ignored paths not compared, e.g. {@code spec.replicas} of a server its autoscaler scales
     */
    static List<Field> of(
            String controllerKey, Map<String, JsonNode> rendered, Map<String, JsonNode> live, Set<String> ignored) {
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : rendered.entrySet()) {
            JsonNode actual = live.get(e.getKey());
            if (actual == null) {
                fields.add(new Field(
                        e.getKey(),
                        "",
                        "present",
                        null,
                        null,
                        "the object is not on the cluster: reconcile applies it again"));
                continue;
            }
            List<String[]> diffs = new ArrayList<>();
            walk("", e.getValue(), actual, diffs);
            for (String[] d : diffs) {
                if (ignored.contains(d[0])) {
                    continue;
                }
                String definitionPath = e.getKey().equals(controllerKey) ? definitionPath(d[0]) : null;
                fields.add(new Field(
                        e.getKey(),
                        d[0],
                        d[1],
                        d[2],
                        definitionPath,
                        definitionPath != null ? null : why(e.getKey().equals(controllerKey), d[0])));
            }
        }
        return fields;
    }

    private static void walk(String path, JsonNode want, JsonNode have, List<String[]> out) {
        if (want == null || want.isNull() || want.isMissingNode()) {
            return;
        }
        if (want.isObject() && have != null && have.isObject()) {
            want.fields().forEachRemaining(f -> walk(child(path, f.getKey()), f.getValue(), have.get(f.getKey()), out));
            return;
        }
        if (want.isArray() && have != null && have.isArray() && want.size() == have.size()) {
            for (int i = 0; i < want.size(); i++) {
                walk(path + "[" + i + "]", want.get(i), have.get(i), out);
            }
            return;
        }
        if (have == null || have.isNull() || !same(want, have)) {
            out.add(new String[] {path, want.toString(), have == null || have.isNull() ? null : have.toString()});
        }
    }

    /** Equal, or the same number written as text and as a number (an IntOrString). */
    private static boolean same(JsonNode want, JsonNode have) {
        return want.equals(have)
                || (want.isValueNode() && have.isValueNode() && want.asText().equals(have.asText()));
    }

    private static String child(String path, String key) {
        boolean plain = key.matches("[A-Za-z0-9_-]+");
        String part = plain ? key : "[\"" + key + "\"]";
        return path.isEmpty() ? part : plain ? path + "." + part : path + part;
    }

    /** Where a controller's field goes in the definition, or null when the definition has no place for it. */
    static String definitionPath(String path) {
        if (path.equals("spec.replicas")) {
            return "replicas";
        }
        Matcher c = CONTAINER.matcher(path);
        if (c.matches()) {
            return CONTAINER_MADE_ELSEWHERE.contains(c.group(3))
                    ? null
                    : c.group(1) + "[" + c.group(2) + "]." + c.group(3) + c.group(4);
        }
        Matcher p = POD_FIELD.matcher(path);
        if (p.matches() && POD_FIELDS.contains(p.group(1))) {
            return p.group(1) + p.group(2);
        }
        return null;
    }

    private static String why(boolean controller, String path) {
        if (!controller) {
            return "made by a section of the definition (ports, volumes, autoscaling): change that section, or"
                    + " reconcile to restore it";
        }
        if (path.startsWith("metadata.labels") || path.startsWith("spec.template.metadata.labels")) {
            return "a label the platform sets: reconcile restores it (the user's own labels go in the definition's"
                    + " labels)";
        }
        if (path.startsWith("metadata.annotations[\"cengjiyun.io/")) {
            return "the platform's own record of what it applied: reconcile restores it";
        }
        return "the definition has no field for it: reconcile restores it";
    }
}
