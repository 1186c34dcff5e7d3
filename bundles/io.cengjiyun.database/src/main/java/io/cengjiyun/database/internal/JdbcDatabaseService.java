/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.database.DataFolder;
import io.cengjiyun.database.Database;
import io.cengjiyun.database.PoolUse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's one database on JDBC: embedded Derby under the data folder by default, PostgreSQL by configuration.
 * It does not wait for a connection when it activates (the pool opens them in the background): an unreachable database
 * answers 503 on use (each module retries), rather than taking every module's services out of the registry.
 */
@Component(service = Database.class, configurationPid = JdbcDatabaseService.PID)
@Designate(ocd = DatabaseConfig.class)
public final class JdbcDatabaseService implements Database, AutoCloseable {
    static final String PID = "io.cengjiyun.database";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabaseService.class);

    private final ConnectionFactory database;
    private final ConnectionPool pool;
    private final Transactions transactions;
    /** Whether the database is PostgreSQL, asked once. */
    private volatile Boolean shared;

    @Activate
    public JdbcDatabaseService(BundleContext context, DatabaseConfig config) {
        this(
                JdbcDatabase.fromConfig(config, DataFolder.of(context)),
                config.maxConnections(),
                Duration.ofSeconds(config.connectTimeoutSeconds()));
    }

    /** A database without OSGi (tests, tools), on any database of a supported kind. */
    public JdbcDatabaseService(ConnectionFactory database) {
        this(database, ConnectionPool.DEFAULT_SIZE, ConnectionPool.DEFAULT_CONNECT_TIMEOUT);
    }

    public JdbcDatabaseService(ConnectionFactory database, int maxConnections, Duration connectTimeout) {
        this.database = database;
        this.pool = new ConnectionPool(database, maxConnections, ConnectionPool.DEFAULT_WAIT, connectTimeout);
        this.transactions = new Transactions(pool, database.description());
    }

    /** A database on a JDBC URL without OSGi (tests, tools): empty for embedded Derby in {@code <data>/db}. */
    public static JdbcDatabaseService of(String jdbcUrl, String user, String password, Path data) {
        return new JdbcDatabaseService(factory(jdbcUrl, user, password, data));
    }

    /** The connections to the database a JDBC URL names, unpooled (tests, tools). */
    public static ConnectionFactory factory(String jdbcUrl, String user, String password, Path data) {
        return JdbcDatabase.of(jdbcUrl, user, password, data);
    }

    /** Closes the connections and, for embedded Derby, shuts the database down so the next activation reopens it. */
    @Deactivate
    @Override
    public void close() {
        pool.close();
        database.shutdown();
    }

    /** Where the connections go, for messages; never shows a password. */
    public String description() {
        return database.description();
    }

    @Override
    public <T> T read(String action, Work<T> work) {
        return transactions.read(action, work);
    }

    @Override
    public <T> T write(String action, Work<T> work) {
        return transactions.write(action, work);
    }

    @Override
    public PoolUse poolUse() {
        return pool.use();
    }

    @Override
    public boolean shared() {
        Boolean known = shared;
        if (known == null) {
            known = transactions.read("ask which database " + database.description() + " is", c -> Dialect.of(c))
                    == Dialect.POSTGRESQL;
            shared = known;
        }
        return known;
    }

    @Override
    public int migrate(String module, String bundle, ClassLoader loader, List<String> scripts) {
        if (!module.matches("[a-z][a-z0-9]{0,30}")) {
            throw new IllegalArgumentException(
                    "module '" + module + "' must be a short lower-case name, e.g. security");
        }
        int applied = transactions.read("prepare the schema of " + bundle + " in " + database.description(), c -> {
            Dialect dialect = Dialect.of(c);
            return Migrations.load(loader, "db/" + dialect.folder(), scripts)
                    .forModule(module, bundle)
                    .migrate(c, dialect);
        });
        if (applied > 0) {
            LOG.info("Applied {} schema migration(s) of {} to {}", applied, bundle, database.description());
        }
        return applied;
    }
}
