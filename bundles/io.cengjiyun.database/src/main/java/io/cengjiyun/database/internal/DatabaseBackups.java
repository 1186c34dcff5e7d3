/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.database.DataFolder;
import io.cengjiyun.database.Database;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.CallableStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online backups of the embedded Derby database, with the key files that seal the credentials it holds, each in a
 * folder of its own: {@code db/} (Derby's own online backup, {@code SYSCS_UTIL.SYSCS_BACKUP_DATABASE}: consistent,
 * every transaction committed before it began is in it, writers go on meanwhile), {@code keys/}, and
 * {@value #MANIFEST} (written last: a folder without it is no backup). The launcher's {@code restore} reads this
 * layout. PostgreSQL is backed up with its own tools ({@code pg_dump}).
 */
@Component(service = DatabaseBackups.class)
public final class DatabaseBackups {
    public static final String MANIFEST = "backup.properties";
    /** The folder under the data folder where backups go unless told otherwise. */
    static final String FOLDER = "backups";
    /** Every backup made into another folder, one path a line, so that the list finds them. */
    static final String ELSEWHERE = "backups-elsewhere.list";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBackups.class);
    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Database database;
    private final KeyFiles keys;
    private final Path data;
    private final Clock clock;

    @Activate
    public DatabaseBackups(BundleContext context, @Reference Database database, @Reference KeyFiles keys) {
        this(database, keys, DataFolder.of(context), Clock.systemUTC());
    }

    public DatabaseBackups(Database database, KeyFiles keys, Path data, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.data = data.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * Backs up the database and the key files into a new folder named after the time.
     *
     * @param target the folder to make it in (absolute), or null or blank for {@code <data>/backups}
     * @throws ValidationException  if the target is not a folder it can write to (422 on {@code target})
     * @throws ConflictException    if the database is PostgreSQL (409, saying to use pg_dump)
     * @throws UnavailableException if the database or the disk fails (503)
     */
    public synchronized Backup create(String target) {
        Path parent = parent(target);
        database.read("check that the database is embedded Derby", c -> {
            if (!c.getMetaData().getDatabaseProductName().contains("Derby")) {
                throw new ConflictException(postgresAdvice(
                        c.getMetaData().getURL(),
                        c.getMetaData().getUserName(),
                        keys.keyFiles().values()));
            }
            return null;
        });
        Instant created = clock.instant();
        Path folder = newFolder(parent, created);
        try {
            Path derby = folder.resolve("database");
            database.read("back up the database into " + folder, c -> {
                try (CallableStatement backup = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                    backup.setString(1, derby.toString());
                    backup.execute();
                }
                return null;
            });
            moveDatabase(derby, folder.resolve("db"));
            Properties manifest = new Properties();
            manifest.setProperty("created", created.toString());
            manifest.setProperty("database", "derby");
            List<String> keyNames = copyKeys(folder.resolve("keys"), manifest);
            try (Writer out = Files.newBufferedWriter(folder.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                manifest.store(
                        out,
                        "A Cengjiyun backup. Restore it into a stopped runtime: bin/cengjiyun restore <this folder>");
            }
            if (!parent.equals(defaultFolder())) {
                remember(folder);
            }
            Backup made =
                    new Backup(folder.getFileName().toString(), folder.toString(), created, size(folder), keyNames);
            LOG.info(
                    "Backed up the database and {} key file(s) into {} ({} bytes)",
                    keyNames.size(),
                    folder,
                    made.bytes());
            return made;
        } catch (IOException e) {
            deleteQuietly(folder);
            throw new UnavailableException(
                    "Could not back up the database into " + folder + ": " + e.getMessage()
                            + ". Check the free space and the rights on that folder, then try again.",
                    e);
        } catch (RuntimeException e) {
            deleteQuietly(folder);
            throw e;
        }
    }

    /** The backups in {@code <data>/backups} and those made elsewhere that still exist, newest first. */
    public List<Backup> list() {
        Set<Path> folders = new LinkedHashSet<>();
        Path defaults = defaultFolder();
        try {
            if (Files.isDirectory(defaults)) {
                try (Stream<Path> made = Files.list(defaults)) {
                    made.forEach(folders::add);
                }
            }
            Path elsewhere = data.resolve(ELSEWHERE);
            if (Files.isRegularFile(elsewhere)) {
                Files.readAllLines(elsewhere, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank())
                        .map(Path::of)
                        .forEach(folders::add);
            }
        } catch (IOException e) {
            throw new UnavailableException("Could not list the backups in " + defaults + ": " + e.getMessage(), e);
        }
        List<Backup> backups = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isRegularFile(folder.resolve(MANIFEST))) {
                backups.add(read(folder));
            }
        }
        backups.sort(Comparator.comparing(Backup::created).reversed());
        return backups;
    }

    private Path defaultFolder() {
        return data.resolve(FOLDER);
    }

    private Path parent(String target) {
        if (target == null || target.isBlank()) {
            return defaultFolder();
        }
        Path path = Path.of(target.trim());
        if (!path.isAbsolute()) {
            throw new ValidationException(
                    "target", "'" + target + "' is not an absolute path: give a folder such as /var/backups/cengjiyun");
        }
        path = path.normalize();
        if (path.startsWith(data.resolve(JdbcDatabase.EMBEDDED_FOLDER))) {
            throw new ValidationException(
                    "target", "'" + target + "' is inside the database's own folder: give a folder outside it");
        }
        if (Files.exists(path) && (!Files.isDirectory(path) || !Files.isWritable(path))) {
            throw new ValidationException(
                    "target",
                    "'" + target + "' is not a folder the runtime can write to: give another, or change its rights");
        }
        if (!Files.exists(path) && (path.getParent() == null || !Files.isDirectory(path.getParent()))) {
            throw new ValidationException(
                    "target", "neither '" + target + "' nor the folder above it exists: make it first");
        }
        return path;
    }

    /** A new owner-only folder named after the time (with -2, -3... if taken). */
    private static Path newFolder(Path parent, Instant created) {
        String name = NAME.format(created);
        try {
            Files.createDirectories(parent);
            for (int n = 1; ; n++) {
                Path folder = parent.resolve(n == 1 ? name : name + "-" + n);
                if (!Files.exists(folder)) {
                    return Files.createDirectory(
                            folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
            }
        } catch (IOException e) {
            throw new UnavailableException(
                    "Could not make a backup folder in " + parent + ": " + e.getMessage()
                            + ". Check the rights on that folder.",
                    e);
        }
    }

    /** Derby puts the copy in a folder named after the database's own; a backup always has it as db/. */
    private static void moveDatabase(Path derby, Path db) throws IOException {
        try (Stream<Path> made = Files.list(derby)) {
            List<Path> copies = made.filter(Files::isDirectory).toList();
            if (copies.size() != 1) {
                throw new IOException("Derby's backup in " + derby + " holds " + copies.size() + " databases, not one");
            }
            Files.move(copies.get(0), db);
        }
        Files.delete(derby);
    }

    private List<String> copyKeys(Path folder, Properties manifest) throws IOException {
        Files.createDirectory(
                folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Path> key : keys.keyFiles().entrySet()) {
            String fileName = key.getValue().getFileName().toString();
            String stored = fileName;
            for (int n = 2; Files.exists(folder.resolve(stored)); n++) {
                stored = n + "-" + fileName;
            }
            Files.copy(key.getValue(), folder.resolve(stored), StandardCopyOption.COPY_ATTRIBUTES);
            manifest.setProperty("key." + stored, key.getKey());
            names.add(key.getKey());
        }
        return names;
    }

    private void remember(Path folder) throws IOException {
        Files.writeString(
                data.resolve(ELSEWHERE),
                folder + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static Backup read(Path folder) {
        Properties manifest = new Properties();
        try (Reader in = Files.newBufferedReader(folder.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            manifest.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + folder.resolve(MANIFEST), e);
        }
        List<String> keyNames = manifest.stringPropertyNames().stream()
                .filter(k -> k.startsWith("key."))
                .map(manifest::getProperty)
                .sorted()
                .toList();
        return new Backup(
                folder.getFileName().toString(),
                folder.toString(),
                Instant.parse(manifest.getProperty("created")),
                size(folder),
                keyNames);
    }

    private static long size(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure " + folder, e);
        }
    }

    /** What to do instead on PostgreSQL: its own dump, with the exact command for this database. */
    static String postgresAdvice(String jdbcUrl, String user, java.util.Collection<Path> keyFiles) {
        String url = JdbcDatabase.mask(jdbcUrl == null ? "" : jdbcUrl).replaceFirst("^jdbc:", "");
        String as = user == null || user.isBlank() ? "" : " --username=" + user;
        return "The database is PostgreSQL (" + url + "): the platform backs up only its embedded Derby database."
                + " Back PostgreSQL up with its own tool: pg_dump --format=custom" + as
                + " --file=cengjiyun-$(date -u +%Y%m%dT%H%M%SZ).dump '" + url + "'"
                + " (the README says how pg_restore brings it back), and keep a copy of the key files "
                + keyFiles + " with it, apart from the dump.";
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove the unfinished backup {}: {}", folder, e.getMessage());
        }
    }
}
