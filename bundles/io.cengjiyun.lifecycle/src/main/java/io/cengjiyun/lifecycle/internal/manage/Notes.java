/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import java.util.ArrayList;
import java.util.List;

/** Errors with what a manager did about them appended, so that the user reads what state the write left. */
final class Notes {
    private Notes() {}

    /** The same error (same status, same field), with {@code note} appended to its message. */
    static RuntimeException withNote(RuntimeException e, String note) {
        if (e instanceof UnavailableException) {
            return new UnavailableException(e.getMessage() + note, e);
        }
        if (e instanceof ConflictException) {
            ConflictException noted = new ConflictException(e.getMessage() + note);
            noted.initCause(e);
            return noted;
        }
        if (e instanceof ValidationException v && !v.errors().isEmpty()) {
            List<FieldError> errors = new ArrayList<>(v.errors());
            FieldError last = errors.get(errors.size() - 1);
            errors.set(errors.size() - 1, new FieldError(last.field(), last.message() + "." + note));
            ValidationException noted = new ValidationException(errors);
            noted.initCause(e);
            return noted;
        }
        return e;
    }

    static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
