/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Puts live values of a controller into a definition's JSON tree, a whole field at a time. Pure. */
final class Adoptions {
    private static final Pattern CONTAINER_FIELD =
            Pattern.compile("(containers|initContainers)\\[(\\d+)]\\.([A-Za-z]+)");
    private static final Pattern UNIT =
            Pattern.compile("^((?:containers|initContainers)\\[\\d+]\\.[A-Za-z]+|[A-Za-z]+)");

    private Adoptions() {}

    /** The whole definition field a drifted definition path belongs to: {@code containers[0].command[2]} -> {@code containers[0].command}. */
    static String unit(String definitionPath) {
        Matcher m = UNIT.matcher(definitionPath);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Sets the definition's field {@code unit} to the live controller's value of it; false when the definition has no
     * place for it (a container it does not have).
     */
    static boolean set(ObjectNode definition, String unit, JsonNode controller) {
        if (unit.equals("replicas")) {
            definition.set("replicas", controller.path("spec").path("replicas"));
            return true;
        }
        JsonNode podSpec = controller.path("spec").path("template").path("spec");
        Matcher c = CONTAINER_FIELD.matcher(unit);
        if (c.matches()) {
            JsonNode list = definition.get(c.group(1));
            int index = Integer.parseInt(c.group(2));
            if (!(list instanceof ArrayNode containers)
                    || index >= containers.size()
                    || !containers.get(index).isObject()) {
                return false;
            }
            JsonNode value = podSpec.path(c.group(1)).path(index).path(c.group(3));
            ObjectNode container = (ObjectNode) containers.get(index);
            if (value.isMissingNode() || value.isNull()) {
                container.remove(c.group(3));
            } else {
                container.set(c.group(3), value);
            }
            return true;
        }
        JsonNode value = podSpec.path(unit);
        if (value.isMissingNode() || value.isNull()) {
            definition.remove(unit);
        } else {
            definition.set(unit, value);
        }
        return true;
    }
}
