/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests, from Debian's binaries ({@code apt-get install postgresql}):
 * initdb into a temporary folder, listening on 127.0.0.1 and a free port only, deleted on close. As root,
 * initdb and postgres refuse to run, so they run as the system user {@code postgres}.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final String USER = "postgres";

    private final Path bin;
    private final Path folder;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    /** Besides 127.0.0.1: an address to listen on and the clients allowed there with a password, or null. */
    private final String alsoOn;

    private final String clients;

    private PostgresServer(Path bin, Path folder, int port, boolean asPostgresUser, String alsoOn, String clients) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.alsoOn = alsoOn;
        this.clients = clients;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        return start(null, null, null);
    }

    /**
     * A server that pods reach too: it listens on {@code address} (this machine's own address) besides loopback, and
     * lets the clients of {@code clients} (the pods' CIDR) in as user postgres with {@code password} (SCRAM); on
     * loopback it trusts as {@link #start()} does.
     */
    public static PostgresServer start(String address, String clients, String password)
            throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path folder = Files.createTempDirectory("cengjiyun-postgres-");
        if (root) {
            run(
                    folder,
                    List.of("id", "-u", USER),
                    "As root, PostgreSQL must run as the system user 'postgres', which does"
                            + " not exist: apt-get install postgresql creates it");
            run(folder, List.of("chown", USER, folder.toString()), "Cannot hand " + folder + " to the user postgres");
        }
        PostgresServer server = new PostgresServer(bin, folder, freePort(), root, address, clients);
        try {
            server.initAndStart();
            if (password != null) {
                try (Connection admin = server.connect("postgres");
                        Statement statement = admin.createStatement()) {
                    statement.execute("ALTER USER postgres PASSWORD '" + password.replace("'", "''") + "'");
                } catch (SQLException e) {
                    throw new IOException("Cannot set the password of user postgres: " + e.getMessage(), e);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A new, empty database; its JDBC URL. */
    public String createDatabase() throws SQLException {
        String name = "test" + databases.incrementAndGet();
        try (Connection admin = connect("postgres");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        return new org.postgresql.Driver().connect(url(database), properties);
    }

    @Override
    public void close() {
        try {
            if (Files.exists(folder.resolve("data/postmaster.pid"))) {
                run(
                        folder,
                        command(
                                bin.resolve("pg_ctl").toString(),
                                "-D",
                                folder.resolve("data").toString(),
                                "-m",
                                "immediate",
                                "-w",
                                "stop"),
                        "pg_ctl stop failed");
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Cannot stop PostgreSQL in " + folder, e);
        } finally {
            delete(folder);
        }
    }

    private void initAndStart() throws IOException, InterruptedException {
        Path data = folder.resolve("data");
        run(
                folder,
                command(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        USER,
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--no-locale",
                        "--no-sync"),
                "initdb failed");
        if (alsoOn != null) {
            Files.writeString(
                    data.resolve("pg_hba.conf"),
                    "host all all " + clients + " scram-sha-256\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        startAgain();
    }

    /** Starts the stopped server again on the same port, and returns once it accepts connections. */
    public void startAgain() throws IOException, InterruptedException {
        Path data = folder.resolve("data");
        // -k: the Unix socket in our own folder; -h: TCP on loopback only; -F: no fsync, the data is thrown away.
        String options = "-k " + folder + " -p " + port + " -h "
                + (alsoOn == null ? "127.0.0.1" : "127.0.0.1," + alsoOn) + " -F";
        run(
                folder,
                command(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        folder.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        options,
                        "start"),
                "pg_ctl start failed; see " + folder.resolve("server.log"));
    }

    /** Stops the server as an administrator would ({@code pg_ctl stop -m fast}): its clients' connections end. */
    public void stop() throws IOException, InterruptedException {
        run(
                folder,
                command(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        folder.resolve("data").toString(),
                        "-m",
                        "fast",
                        "-w",
                        "stop"),
                "pg_ctl stop failed");
    }

    /** The folder of PostgreSQL's binaries (pg_dump, pg_restore, psql). */
    public Path binDirectory() {
        return bin;
    }

    /** The server's own folder (its data in data/), which the user running the server may write to. */
    public Path folder() {
        return folder;
    }

    /** The TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Runs a command as the user that runs the server (postgres when the tests run as root); fails unless it exits 0. */
    public void runAsServerUser(List<String> arguments, String failure) throws IOException, InterruptedException {
        run(folder, command(arguments.toArray(String[]::new)), failure);
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.addAll(List.of(arguments));
        return command;
    }

    /** The newest version of Debian's PostgreSQL binaries; fails (does not skip) without them. */
    private static Path binaries() throws IOException {
        if (Files.isDirectory(DEBIAN_BINARIES)) {
            try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(
                                b -> versionOf(b.getParent().getFileName().toString())))
                        .orElseGet(PostgresServer::missingBinaries);
            }
        }
        return missingBinaries();
    }

    private static Integer versionOf(String folderName) {
        return folderName.matches("\\d+") ? Integer.valueOf(folderName) : 0;
    }

    private static Path missingBinaries() {
        return fail("The PostgreSQL tests need PostgreSQL's server binaries in " + DEBIAN_BINARIES
                + "/<version>/bin (initdb, pg_ctl): apt-get install postgresql");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(Path folder, List<String> command, String failure)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(folder, "command-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    failure + ": " + String.join(" ", command) + " did not end within 2 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(failure + ": " + String.join(" ", command) + " exited with "
                    + process.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temporary folder harms nothing.
        }
    }
}
