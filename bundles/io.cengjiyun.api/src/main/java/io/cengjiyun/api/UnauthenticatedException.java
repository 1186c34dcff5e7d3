/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/** No valid credentials came with the request. */
public final class UnauthenticatedException extends CengjiyunException {
    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String title() {
        return "Unauthenticated";
    }
}
