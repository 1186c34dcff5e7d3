/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/** The named object does not exist. */
public final class NotFoundException extends CengjiyunException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String what) {
        super(what + " does not exist");
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String title() {
        return "Not found";
    }
}
