/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import java.util.List;
import java.util.stream.Collectors;

/** The input is well-formed but invalid; every offending field is named with what to do about it. */
public final class ValidationException extends CengjiyunException {
    private static final long serialVersionUID = 1L;
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Throws if {@code errors} is not empty. */
    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    @Override
    public int status() {
        return 422;
    }

    @Override
    public String title() {
        return "Invalid input";
    }
}
