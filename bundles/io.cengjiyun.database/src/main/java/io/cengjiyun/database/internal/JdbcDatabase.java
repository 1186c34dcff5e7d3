/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import org.apache.derby.jdbc.EmbeddedDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a jdbcUrl names, and its driver. Drivers are instantiated and asked directly: inside OSGi,
 * {@code DriverManager} refuses drivers that the caller's class loader cannot see.
 */
final class JdbcDatabase implements ConnectionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);
    static final String EMBEDDED_FOLDER = "db";
    private static final String DERBY_SHUT_DOWN = "08006";
    private static final String DERBY_NOT_FOUND = "XJ004";

    private final String url;
    private final Properties credentials;
    private final Driver driver;
    /** Set for embedded Derby only: it must be shut down to be reopened cleanly by the next activation. */
    private final String shutdownUrl;

    private JdbcDatabase(String url, Properties credentials, Driver driver, String shutdownUrl) {
        this.url = url;
        this.credentials = credentials;
        this.driver = driver;
        this.shutdownUrl = shutdownUrl;
    }

    static JdbcDatabase fromConfig(DatabaseConfig config, Path dataDirectory) {
        return of(config.jdbcUrl(), config.user(), config.password(), dataDirectory, config.connectTimeoutSeconds());
    }

    static JdbcDatabase of(String jdbcUrl, String user, String password, Path dataDirectory) {
        return of(jdbcUrl, user, password, dataDirectory, (int) ConnectionPool.DEFAULT_CONNECT_TIMEOUT.toSeconds());
    }

    /**
     * @param jdbcUrl empty for embedded Derby in {@code <dataDirectory>/db}
     * @param connectTimeoutSeconds how long PostgreSQL's driver waits for a server that does not answer (a URL
     *     parameter {@code connectTimeout} wins)
     * @throws IllegalArgumentException if the URL names a database the store cannot use, saying what to use instead
     */
    static JdbcDatabase of(
            String jdbcUrl, String user, String password, Path dataDirectory, int connectTimeoutSeconds) {
        String configured = jdbcUrl == null ? "" : jdbcUrl.trim();
        Properties credentials = credentials(user, password);
        if (configured.isEmpty()) {
            return embeddedDerby(
                    "jdbc:derby:" + dataDirectory.resolve(EMBEDDED_FOLDER).toAbsolutePath(), credentials);
        }
        if (configured.startsWith("jdbc:derby://")) {
            throw new IllegalArgumentException("jdbcUrl '" + mask(configured) + "' names a network Derby server, which"
                    + " this store does not support: leave jdbcUrl empty for embedded Derby, or use PostgreSQL"
                    + " (jdbc:postgresql://<host>:<port>/<database>)");
        }
        if (configured.startsWith("jdbc:derby:")) {
            return embeddedDerby(configured, credentials);
        }
        if (configured.startsWith("jdbc:postgresql:")) {
            // The driver's default waits 10 s for a host that does not answer; a call must answer 503 sooner.
            credentials.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
            return new JdbcDatabase(configured, credentials, postgresDriver(configured), null);
        }
        throw new IllegalArgumentException("jdbcUrl '" + mask(configured) + "' is not supported: leave it empty for"
                + " embedded Derby, or use jdbc:derby:<path> or jdbc:postgresql://<host>:<port>/<database>");
    }

    private static JdbcDatabase embeddedDerby(String configured, Properties credentials) {
        int attributes = configured.indexOf(';');
        String database = attributes < 0 ? configured : configured.substring(0, attributes);
        String url = configured.contains(";create=") ? configured : configured + ";create=true";
        return new JdbcDatabase(url, credentials, new EmbeddedDriver(), database + ";shutdown=true");
    }

    private static Driver postgresDriver(String url) {
        try {
            return PostgresDriver.create();
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException(
                    "jdbcUrl '" + mask(url) + "' asks for PostgreSQL, but its JDBC driver is"
                            + " not installed: deploy the bundle org.postgresql:postgresql (42.7.x)",
                    e);
        }
    }

    private static Properties credentials(String user, String password) {
        Properties properties = new Properties();
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** A URL may carry a password parameter; messages and logs must not. */
    static String mask(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    String url() {
        return url;
    }

    @Override
    public Connection open() throws SQLException {
        Connection connection = driver.connect(url, credentials);
        if (connection == null) {
            throw new SQLNonTransientConnectionException(
                    "the driver " + driver.getClass().getName() + " does not accept " + mask(url), "08001");
        }
        return connection;
    }

    @Override
    public String description() {
        return mask(url);
    }

    @Override
    public void shutdown() {
        if (shutdownUrl == null) {
            return;
        }
        try (Connection unexpected = driver.connect(shutdownUrl, credentials)) {
            LOG.warn("Derby did not confirm the shutdown of {}", mask(shutdownUrl));
        } catch (SQLException e) {
            if (DERBY_SHUT_DOWN.equals(e.getSQLState())) {
                LOG.info("Shut down the embedded database {}", description());
            } else if (!DERBY_NOT_FOUND.equals(e.getSQLState())) {
                LOG.warn(
                        "Could not shut down the embedded database {} cleanly; Derby recovers it on the next start",
                        description(),
                        e);
            }
        }
    }
}
