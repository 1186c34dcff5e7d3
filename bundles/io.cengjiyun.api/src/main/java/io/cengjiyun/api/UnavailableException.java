/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/** A backend the request needs (the database, a cluster) cannot be reached now; say what was done. */
public final class UnavailableException extends CengjiyunException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String title() {
        return "Service unavailable";
    }
}
