/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.api.ValidationException;

/** The whole-number parameters of the bundle's calls (limits, timeouts, terminal sizes), checked the same way. */
public final class Params {
    private Params() {}

    /**
     * The parameter's value from 1 to {@code max}, or {@code fallback} when it is absent.
     *
     * @param what how the error names the value, e.g. "a number of seconds"
     * @throws ValidationException naming the field and the range
     */
    public static int number(String value, String field, int fallback, int max, String what) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException(field, "'" + value + "' is not " + what + " from 1 to " + max);
    }
}
