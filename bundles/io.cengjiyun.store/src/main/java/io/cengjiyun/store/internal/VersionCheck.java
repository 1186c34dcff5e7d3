/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.api.CengjiyunException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.StaleVersionException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * Optimistic concurrency in SQL. The version check is part of the UPDATE or DELETE itself, so the
 * database's row lock decides between concurrent writers: of several writers with the same expected
 * version, exactly one matches the row; the others find the new version and match nothing.
 */
final class VersionCheck {
    private VersionCheck() {}

    /** The condition to append to a statement's WHERE clause; empty for ANY_VERSION. */
    static String condition(long expectedVersion) {
        return expectedVersion == HierarchyStore.ANY_VERSION ? "" : " AND version = ?";
    }

    /** Binds the expected version at {@code index} if {@link #condition} asked for it. */
    static void bind(PreparedStatement statement, int index, long expectedVersion) throws SQLException {
        if (expectedVersion != HierarchyStore.ANY_VERSION) {
            statement.setLong(index, expectedVersion);
        }
    }

    /** Why a conditional write matched no row: the object is gone, or it is at another version. */
    static CengjiyunException mismatch(String what, long expectedVersion, OptionalLong actual) {
        if (actual.isEmpty()) {
            return new NotFoundException(what);
        }
        return new StaleVersionException(what, expectedVersion, actual.getAsLong());
    }
}
