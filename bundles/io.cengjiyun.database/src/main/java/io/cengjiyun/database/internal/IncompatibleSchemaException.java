/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

/** The database's schema is newer than this bundle knows: the store refuses to touch it. */
final class IncompatibleSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IncompatibleSchemaException(String message) {
        super(message);
    }
}
