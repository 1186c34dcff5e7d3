/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@code java -cp 'lib/*' io.cengjiyun.launcher.Main [--daemon | --verify | --restore <backup>]}: starts the Cengjiyun
 * runtime in the foreground (with a Gogo console when there is a terminal), or as a daemon (no console), or only
 * verifies that the bundles of system/ resolve (exit code 1 if not), or restores a backup into the data folder
 * ({@link Restore}). bin/cengjiyun is the usual way in.
 */
public final class Main {

    /** Held so the level set on it is not lost with a collected logger. */
    private static final Logger SPI_FLY_LOG = Logger.getLogger("org.apache.aries.spifly");

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--restore")) {
            restore(args);
            return;
        }
        boolean verify = false;
        boolean daemon = false;
        for (String arg : args) {
            switch (arg) {
                case "--verify" -> verify = true;
                case "--daemon" -> daemon = true;
                case "-h", "--help" -> {
                    System.out.println(
                            "usage: io.cengjiyun.launcher.Main [--daemon | --verify | --restore <backup folder>]");
                    return;
                }
                default -> {
                    System.err.println("Unknown argument '" + arg + "': expected --daemon or --verify");
                    System.exit(2);
                }
            }
        }
        try {
            Layout layout = Layout.of(System.getenv(), System.getProperties(), defaultHome());
            // For ${...} references in etc/system.properties (and for whoever else reads them).
            System.setProperty(Layout.HOME_PROPERTY, layout.home().toString());
            System.setProperty(Layout.DATA_PROPERTY, layout.data().toString());
            loadSystemProperties(layout.etc().resolve("system.properties"));
            configureLogging(layout.etc().resolve("logging.properties"));
            if (verify) {
                System.exit(new Verifier(layout, System.out).run() == 0 ? 0 : 1);
            }
            boolean interactive = !daemon && System.console() != null;
            Launch launch = new Launch(layout, interactive);
            int code = launch.run();
            if (!launch.stoppedBySignal()) {
                // Ends threads that bundles left behind.
                System.exit(code);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("Cengjiyun cannot start: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("Cengjiyun failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** {@code --restore <folder>}: the backup into the data folder, with the runtime stopped (bin/cengjiyun checks). */
    private static void restore(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: bin/cengjiyun restore <backup folder>");
            System.exit(2);
        }
        try {
            Layout layout = Layout.of(System.getenv(), System.getProperties(), defaultHome());
            new Restore(layout.data(), System.out, java.time.Clock.systemUTC()).from(Path.of(args[1]));
        } catch (IllegalArgumentException e) {
            System.err.println("Cannot restore: " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("Restore failed: " + e + ". What it moved aside is kept; see the lines above.");
            System.exit(1);
        }
    }

    /** The folder above lib/, where this jar lies. */
    private static Path defaultHome() {
        try {
            Path jar = Path.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path lib = jar.getParent();
            return lib != null && lib.getParent() != null ? lib.getParent() : Path.of("");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("");
        }
    }

    /** etc/system.properties: JVM-wide settings (the slf4j-simple log levels, for one); -D options win. */
    private static void loadSystemProperties(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        for (String key : p.stringPropertyNames()) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, FrameworkProperties.interpolate(p.getProperty(key), System::getProperty));
            }
        }
    }

    private static void configureLogging(Path file) throws IOException {
        if (System.getProperty("java.util.logging.config.file") == null && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                LogManager.getLogManager().readConfiguration(in);
            }
        }
        if (SPI_FLY_LOG.getLevel() == null) {
            // SPI Fly logs some 300 lines at INFO for the fabric8 model bundles alone.
            SPI_FLY_LOG.setLevel(Level.WARNING);
        }
    }
}
