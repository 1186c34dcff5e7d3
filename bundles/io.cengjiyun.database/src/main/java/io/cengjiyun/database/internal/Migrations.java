/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.database.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a module's schema to the version its bundle expects. Scripts are resources of that bundle,
 * {@code db/<dialect>/V<n>__<what>.sql}, listed by the bundle; the versions applied are recorded in the module's
 * version table ({@link #forModule}). Each script runs in its own transaction (Derby and PostgreSQL both
 * have transactional DDL), so a failing script leaves the schema as it was. A database whose schema is
 * newer than the newest script is refused: this bundle would misread it.
 * <p>
 * Why not Flyway: Flyway 10 and later find their database support through {@code ServiceLoader} and
 * scan class paths for scripts; inside OSGi that takes SPI Fly and bundle class-loader workarounds.
 * A runner of about a hundred lines with a fixed list of scripts is simpler, and fully tested.
 * <p>
 * Script format: statements end with {@code ;} at the end of a line; lines starting with {@code --} are comments.
 */
final class Migrations {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    /** The version table of the store's own schema; other modules keep theirs in {@code <module>_schema_version}. */
    static final String VERSION_TABLE = "schema_version";
    /** The store's module name: the services, appmaps, servers and revisions. */
    static final String HIERARCHY = "hierarchy";

    private final List<Script> scripts;
    private final String versionTable;
    private final String owner;

    /** One versioned script, split into statements. */
    record Script(int version, String name, List<String> statements) {}

    Migrations(List<Script> scripts) {
        this(scripts, VERSION_TABLE, "io.cengjiyun.store");
    }

    /**
     * @param versionTable where the applied versions are recorded
     * @param owner the bundle whose schema this is, for messages
     */
    Migrations(List<Script> scripts, String versionTable, String owner) {
        List<Script> sorted = new ArrayList<>(scripts);
        sorted.sort(Comparator.comparingInt(Script::version));
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).version() != i + 1) {
                throw new IllegalArgumentException("Migration scripts must be numbered 1, 2, 3... without gaps or"
                        + " repeats; script " + (i + 1) + " is " + sorted.get(i).name());
            }
        }
        this.scripts = List.copyOf(sorted);
        this.versionTable = versionTable;
        this.owner = owner;
    }

    /**
     * The migrations of a module's schema, with a version table of its own: {@code <module>_schema_version}, except
     * for the hierarchy, whose table keeps the name {@value #VERSION_TABLE} it had when the store owned the database,
     * so that databases made before still open.
     */
    Migrations forModule(String module, String bundle) {
        return new Migrations(scripts, HIERARCHY.equals(module) ? VERSION_TABLE : module + "_" + VERSION_TABLE, bundle);
    }

    static Migrations load(ClassLoader loader, String folder, List<String> names) {
        List<Script> scripts = new ArrayList<>();
        for (String name : names) {
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("Migration script '" + name + "' is not named V<n>__<what>.sql");
            }
            String resource = folder + "/" + name;
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Migration script " + resource + " is missing from the bundle");
                }
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                scripts.add(new Script(Integer.parseInt(matcher.group(1)), name, statements(sql)));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read migration script " + resource, e);
            }
        }
        return new Migrations(scripts);
    }

    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    int latestVersion() {
        return scripts.size();
    }

    /**
     * Applies the scripts the database has not seen, in order.
     *
     * @return how many scripts it applied; 0 when the schema was current
     * @throws IncompatibleSchemaException if the database is at a newer version than the newest script
     */
    int migrate(Connection connection, Dialect dialect) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            return migrateLocked(connection, dialect); // embedded Derby: one runtime has the database
        }
        // Replicas that start together on one PostgreSQL: one migrates, the others wait and then find it done.
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
        }
        try {
            return migrateLocked(connection, dialect);
        } finally {
            try (Statement unlock = connection.createStatement()) {
                unlock.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
    }

    /** The key of PostgreSQL's session advisory lock that migrations hold (any number no one else uses). */
    static final long MIGRATION_LOCK = 0x43656e676a6979L; // "Cengjiy"

    private int migrateLocked(Connection connection, Dialect dialect) throws SQLException {
        ensureVersionTable(connection, dialect, versionTable);
        int current = currentVersion(connection, versionTable);
        if (current > latestVersion()) {
            throw new IncompatibleSchemaException("The database schema is at version " + current + ", newer than the "
                    + latestVersion() + " this " + owner + " knows: a newer Cengjiyun wrote it. Run that version,"
                    + " or point jdbcUrl of configuration io.cengjiyun.database at a database of this version.");
        }
        int applied = 0;
        for (Script script : scripts.subList(current, scripts.size())) {
            apply(connection, script, versionTable);
            applied++;
        }
        return applied;
    }

    /** The newest version applied; 0 for a database without the version table. */
    static int currentVersion(Connection connection) throws SQLException {
        return currentVersion(connection, VERSION_TABLE);
    }

    static int currentVersion(Connection connection, String versionTable) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM " + versionTable)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void ensureVersionTable(Connection connection, Dialect dialect, String versionTable)
            throws SQLException {
        try (ResultSet tables = connection
                .getMetaData()
                .getTables(
                        null, connection.getSchema(), dialect.storedIdentifier(versionTable), new String[] {"TABLE"})) {
            if (tables.next()) {
                return;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + versionTable + " (version INTEGER NOT NULL PRIMARY KEY,"
                    + " script VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
        }
    }

    private static void apply(Connection connection, Script script, String versionTable) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
                PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO " + versionTable + " (version, script, applied_at) VALUES (?, ?, ?)")) {
            for (String sql : script.statements()) {
                statement.execute(sql);
            }
            record.setInt(1, script.version());
            record.setString(2, script.name());
            Sql.setInstant(record, 3, Instant.now());
            record.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException(
                    "Migration " + script.name() + " failed, nothing of it was applied: " + e.getMessage(),
                    e.getSQLState(),
                    e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
