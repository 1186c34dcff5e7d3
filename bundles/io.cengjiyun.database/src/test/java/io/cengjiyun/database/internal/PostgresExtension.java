/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for a test class: started before its first test, gone after its last.
 * {@code @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();}, then
 * {@code POSTGRES.createDatabase()} for a database of a test's own.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** A new, empty database; its JDBC URL (user postgres, no password, on loopback). */
    public String createDatabase() throws SQLException {
        return server.createDatabase();
    }
}
