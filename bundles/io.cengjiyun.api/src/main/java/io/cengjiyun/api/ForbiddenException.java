/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/** The caller is known but may not do this. */
public final class ForbiddenException extends CengjiyunException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
