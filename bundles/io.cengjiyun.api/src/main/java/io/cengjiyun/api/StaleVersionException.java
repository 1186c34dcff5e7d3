/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/** The change was based on a version that is no longer current; nothing was written. */
public final class StaleVersionException extends CengjiyunException {
    private static final long serialVersionUID = 1L;
    private final long expected;
    private final long actual;

    public StaleVersionException(String what, long expected, long actual) {
        super(what + " is at version " + actual + ", not " + expected
                + ": someone changed it meanwhile; read it again and re-apply your change");
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }

    @Override
    public int status() {
        return 412;
    }

    @Override
    public String title() {
        return "Stale version";
    }
}
