/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The framework properties of a Cengjiyun runtime. The launcher and the integration tests both take them from here,
 * so the tests boot the framework the way users do.
 */
public final class FrameworkProperties {

    public static final String HTTP_PORT = "org.osgi.service.http.port";
    /** Bundles installed after the features (deploy/, the shell) start at this level, after all of the features. */
    public static final int EXTENSION_START_LEVEL = 5;
    /** Optional overrides in etc/: {@code key=value} with {@code ${property}} references. */
    public static final String OVERRIDES_FILE = "framework.properties";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private FrameworkProperties() {}

    /**
     * Everything but where the framework keeps its cache (Pax Exam chooses that itself).
     *
     * @param interactive whether Gogo may read the terminal; a daemon or a test has none
     */
    public static Map<String, String> common(Layout layout, boolean interactive) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(Layout.HOME_PROPERTY, layout.home().toString());
        p.put(Layout.DATA_PROPERTY, layout.data().toString());
        p.put(HTTP_PORT, Integer.toString(layout.httpPort()));
        p.put("org.apache.felix.jetty.websocket.enable", "true");
        // Jetty answers ambiguous paths (/services/..%2Fx, %2e%2e) itself, in HTML. Let them through to the API,
        // which matches names exactly and answers problem+json: no path of the API maps to a file.
        p.put("org.eclipse.jetty.UriComplianceMode", "LEGACY");
        p.put("org.osgi.framework.startlevel.beginning", Integer.toString(EXTENSION_START_LEVEL));
        p.put("felix.startlevel.bundle", Integer.toString(EXTENSION_START_LEVEL));
        p.put("felix.log.level", "1");
        // FileInstall watches etc/ for configurations only: one file per PID. A second watcher, configured by
        // etc/org.apache.felix.fileinstall-deploy.cfg, installs and starts the bundles dropped into deploy/.
        p.put("felix.fileinstall.dir", layout.etc().toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.log.level", "2");
        if (!interactive) {
            // Without this Gogo reads a console that is not there (and a forked test JVM hangs on exit).
            p.put("gosh.args", "--nointeractive");
        }
        return p;
    }

    /**
     * The properties of a launched runtime: {@link #common}, the cache under data/, then etc/framework.properties,
     * then HTTPS when etc/tls/ holds a certificate and its key ({@link Https}).
     *
     * @param bundles the bundles of system/, so extensions start above the highest of their start levels
     */
    public static Map<String, String> forLaunch(Layout layout, boolean interactive, List<SystemBundle> bundles)
            throws IOException {
        Map<String, String> p = common(layout, interactive);
        p.put("org.osgi.framework.storage", layout.cache().toString());
        p.put("felix.cache.rootdir", layout.data().toString());
        int highest = SystemBundles.highestStartLevel(bundles);
        if (highest >= EXTENSION_START_LEVEL) {
            p.put("org.osgi.framework.startlevel.beginning", Integer.toString(highest + 1));
            p.put("felix.startlevel.bundle", Integer.toString(highest + 1));
        }
        Path overrides = layout.etc().resolve(OVERRIDES_FILE);
        if (Files.isRegularFile(overrides)) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(overrides, StandardCharsets.UTF_8)) {
                file.load(in);
            }
            Map<String, String> known = new LinkedHashMap<>(p);
            for (String key : file.stringPropertyNames()) {
                p.put(key, interpolate(file.getProperty(key), name -> {
                    String value = known.get(name);
                    return value != null ? value : System.getProperty(name);
                }));
            }
        }
        Https.configure(layout, p, System.getenv(), warning -> System.err.println("Warning: " + warning));
        return p;
    }

    /** Replaces each {@code ${name}} by its value; an unknown name is left as it is. */
    public static String interpolate(String value, UnaryOperator<String> lookup) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = lookup.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
