/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where an installed runtime keeps its parts (bin, etc, deploy, data, lib, system), and the HTTP port.
 * The data directory and the port come from the environment ({@code CENGJIYUN_DATA}, {@code CENGJIYUN_HTTP_PORT})
 * unless a system property ({@code cengjiyun.data}, {@code org.osgi.service.http.port}) sets them.
 */
public record Layout(Path home, Path data, int httpPort) {

    public static final String HOME_PROPERTY = "cengjiyun.home";
    public static final String DATA_PROPERTY = "cengjiyun.data";
    public static final String DATA_ENV = "CENGJIYUN_DATA";
    public static final String HTTP_PORT_ENV = "CENGJIYUN_HTTP_PORT";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DRAIN_ENV = "CENGJIYUN_DRAIN_SECONDS";

    public Layout {
        home = home.toAbsolutePath().normalize();
        data = data.toAbsolutePath().normalize();
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("HTTP port " + httpPort + " is not between 0 and 65535");
        }
    }

    public Path etc() {
        return home.resolve("etc");
    }

    public Path deploy() {
        return home.resolve("deploy");
    }

    public Path system() {
        return home.resolve("system");
    }

    /** The framework's bundle cache: kept between starts so a restart does not install everything again. */
    public Path cache() {
        return data.resolve("cache");
    }

    /** Written once the framework has started, removed when it stops: what {@code bin/cengjiyun status} reads. */
    public Path pidFile() {
        return data.resolve("cengjiyun.pid");
    }

    /**
     * The layout of the runtime this launcher runs in.
     *
     * @param defaultHome the home to use when the {@code cengjiyun.home} system property is not set
     */
    public static Layout of(Map<String, String> env, Properties system, Path defaultHome) {
        Path home = Path.of(system.getProperty(HOME_PROPERTY, defaultHome.toString()));
        String data = firstSet(system.getProperty(DATA_PROPERTY), env.get(DATA_ENV));
        String port = firstSet(system.getProperty(FrameworkProperties.HTTP_PORT), env.get(HTTP_PORT_ENV));
        return new Layout(home, data == null ? home.resolve("data") : Path.of(data), parsePort(port));
    }

    /** Seconds a stopping runtime keeps serving while not ready: {@code CENGJIYUN_DRAIN_SECONDS}, 0 to 120. */
    public static int drainSeconds(Map<String, String> env) {
        String value = env.get(DRAIN_ENV);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds >= 0 && seconds <= 120) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(DRAIN_ENV + " is '" + value + "': give the seconds a stopping runtime keeps"
                + " serving while not ready, 0 to 120 (5 behind a Kubernetes Service)");
    }

    private static int parsePort(String port) {
        if (port == null) {
            return DEFAULT_HTTP_PORT;
        }
        try {
            return Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "HTTP port '" + port + "' is not a number: set " + HTTP_PORT_ENV + " to a port such as 8080", e);
        }
    }

    private static String firstSet(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b;
    }
}
