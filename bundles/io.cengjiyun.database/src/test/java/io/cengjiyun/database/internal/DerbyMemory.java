/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.derby.jdbc.EmbeddedDriver;

/** In-memory Derby databases for tests: unique names, and dropped afterwards to give the memory back. */
public final class DerbyMemory {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private DerbyMemory() {}

    public static String newName(String prefix) {
        return prefix + COUNT.incrementAndGet();
    }

    public static Connection open(String name) throws SQLException {
        return new EmbeddedDriver().connect("jdbc:derby:memory:" + name + ";create=true", new Properties());
    }

    public static void drop(String name) {
        try (Connection ignored =
                new EmbeddedDriver().connect("jdbc:derby:memory:" + name + ";drop=true", new Properties())) {
            throw new IllegalStateException("Derby did not drop " + name);
        } catch (SQLException expected) {
            // 08006: dropped. Anything else: the database was never created; nothing to give back.
        }
    }
}
