/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.cengjiyun.api.doc.Doc;

/** Kubernetes' int-or-string: a port number or name, a count or a percentage. */
@Doc("A number or a string, as Kubernetes' int-or-string: a port number or a port's name, a count or a percentage")
public record IntOrString(Integer intValue, String strValue) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static IntOrString from(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            return new IntOrString(i, null);
        }
        if (value instanceof Number n) {
            return new IntOrString(null, n.toString());
        }
        return new IntOrString(null, value.toString());
    }

    public static IntOrString of(int value) {
        return new IntOrString(value, null);
    }

    public static IntOrString of(String value) {
        return new IntOrString(null, value);
    }

    public boolean isInt() {
        return intValue != null;
    }

    @JsonValue
    public Object value() {
        return intValue != null ? intValue : strValue;
    }

    @Override
    public String toString() {
        return String.valueOf(value());
    }
}
