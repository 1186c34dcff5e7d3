/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/**
 * The root of the platform's errors. Each subclass maps to one HTTP status and one problem type, so
 * REST, shell and extensions report the same thing the same way.
 */
public abstract class CengjiyunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected CengjiyunException(String message) {
        super(message);
    }

    protected CengjiyunException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status this error stands for. */
    public abstract int status();

    /** A short, stable title of this kind of error (the problem's {@code title}). */
    public abstract String title();
}
