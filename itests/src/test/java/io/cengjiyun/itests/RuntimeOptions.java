/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.cengjiyun.launcher.FrameworkProperties;
import io.cengjiyun.launcher.Https;
import io.cengjiyun.launcher.Layout;
import io.cengjiyun.launcher.SystemBundle;
import io.cengjiyun.launcher.SystemBundles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * The Pax Exam options that boot the built distribution's runtime: exactly the bundles of its system/ folders at
 * their start levels, and the launcher's framework properties with a home of the test's own (a copy of etc/, an
 * empty deploy/, a fresh data/) and a free HTTP port. Used outside the framework only, by {@code @Configuration}.
 */
final class RuntimeOptions {

    /** System property set by the build: the distribution's runtime folder, target/cengjiyun. */
    static final String DISTRIBUTION = "cengjiyun.distribution";

    /** System property set by the build: where tests make their homes (under target/, so mvn clean removes them). */
    static final String WORK = "cengjiyun.itest.work";

    /** Held so the level set on it is not lost with a collected logger (the framework runs in this JVM). */
    private static final Logger SPI_FLY_LOG = Logger.getLogger("org.apache.aries.spifly");

    /** etc/io.cengjiyun.monitoring.cfg of a test that reads samples: a round every 5 s, so that it sees them soon. */
    static final String MONITORING_CONFIG = "intervalSeconds=5\nmetricsApi=false\n";

    /**
     * etc/io.cengjiyun.monitoring.cfg of the others: a round a minute. Three runtimes sampling every 5 s (each round a
     * kubelet summary of every pod and its rows written) slow the whole suite on two cores.
     */
    static final String QUIET_MONITORING_CONFIG = "intervalSeconds=60\nmetricsApi=false\n";

    private RuntimeOptions() {}

    static Path distribution() {
        Path dir = Path.of(System.getProperty(DISTRIBUTION, "../distribution/target/cengjiyun"));
        if (!Files.isDirectory(dir.resolve("system"))) {
            throw new IllegalStateException("No built distribution at " + dir.toAbsolutePath()
                    + ": build distribution/ first (mvn install in distribution/, or the whole project)");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** What a test class adds to its runtime's home and framework properties before it boots. */
    interface HomeSetup {
        void prepare(Path home, Map<String, String> frameworkProperties) throws IOException;
    }

    static Option[] options() {
        return options(QUIET_MONITORING_CONFIG, (home, framework) -> {});
    }

    /** The options, with this content of etc/io.cengjiyun.monitoring.cfg and what the class adds to its home. */
    static Option[] options(String monitoringConfig, HomeSetup setup) {
        try {
            return build(monitoringConfig, setup);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the runtime for the test", e);
        }
    }

    private static Option[] build(String monitoringConfig, HomeSetup setup) throws IOException {
        Path distribution = distribution();
        configureLogging(distribution.resolve("etc/logging.properties"));
        Path home = Files.createTempDirectory(workDirectory(), "home");
        copyConfiguration(distribution.resolve("etc"), home.resolve("etc"));
        // Three test classes run at once on one cluster: none serves the cluster's metrics API (MetricsApiIT turns it
        // on for itself); only the classes that read samples sample often (CengjiyunTestSupport#monitoringConfig).
        Files.writeString(home.resolve("etc/io.cengjiyun.monitoring.cfg"), monitoringConfig);
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("data"));
        Layout layout = new Layout(home, home.resolve("data"), freePort());

        List<Option> options = new ArrayList<>();
        // Same framework properties as bin/cengjiyun, less the cache (Pax Exam keeps its own).
        Map<String, String> framework = FrameworkProperties.common(layout, false);
        setup.prepare(home, framework);
        // HTTPS as the launcher serves it when etc/tls/ holds a certificate and its key.
        Https.configure(layout, framework, Map.of(), warning -> System.err.println("Warning: " + warning));
        for (Map.Entry<String, String> p : framework.entrySet()) {
            options.add(frameworkProperty(p.getKey()).value(p.getValue()));
        }
        // The first start creates the platform administrator 'admin' with this password.
        options.add(frameworkProperty("cengjiyun.admin.password").value(CengjiyunTestSupport.ADMIN_PASSWORD));
        // etc/system.properties, as the launcher sets them (here for the whole test JVM: the framework runs in it).
        for (Map.Entry<String, String> p :
                systemProperties(distribution.resolve("etc/system.properties")).entrySet()) {
            options.add(
                    systemProperty(p.getKey()).value(FrameworkProperties.interpolate(p.getValue(), framework::get)));
        }
        List<SystemBundle> bundles = SystemBundles.scan(distribution.resolve("system"));
        for (SystemBundle b : bundles) {
            options.add(bundle(b.jar().toUri().toString())
                    .startLevel(b.startLevel())
                    .start(!b.isFragment()));
        }
        // The probe (the test bundle) starts at Pax Exam's test level, after every feature.
        options.add(frameworkStartLevel(FrameworkProperties.EXTENSION_START_LEVEL));
        options.add(junitBundles());
        return options.toArray(new Option[0]);
    }

    /** A folder for the test's files: under target/ when run by the build. */
    static Path workDirectory() throws IOException {
        String work = System.getProperty(WORK);
        Path dir = work != null ? Path.of(work) : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createDirectories(dir);
    }

    /** The runtime's java.util.logging settings (the framework runs in this JVM). */
    private static void configureLogging(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                LogManager.getLogManager().readConfiguration(in);
            }
        }
        SPI_FLY_LOG.setLevel(Level.WARNING);
    }

    /** The configuration files of etc/ (one per PID), read by FileInstall in the test's home as in an installation. */
    private static void copyConfiguration(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Map<String, String> systemProperties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        Map<String, String> result = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> result.put(k, p.getProperty(k)));
        return result;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
