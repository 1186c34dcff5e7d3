/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.wrap.derbytools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/** Derby with this fragment in a real Felix: it resolves, exports what the store imports, and opens a database. */
class DerbyToolsFragmentIT {
    /** What io.cengjiyun.store and Derby's tools users import from it. */
    private static final String IMPORTS =
            "org.apache.derby.jdbc,org.apache.derby.tools,org.apache.derby.shared.common.error";

    @TempDir
    Path storage;

    private Framework framework;
    private Bundle derby;
    private Bundle fragment;
    private Bundle consumer;

    @BeforeEach
    void startFelixWithDerby() throws Exception {
        framework = new FrameworkFactory()
                .newFramework(Map.of(
                        Constants.FRAMEWORK_STORAGE,
                        storage.toString(),
                        Constants.FRAMEWORK_STORAGE_CLEAN,
                        Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        BundleContext context = framework.getBundleContext();
        derby = context.installBundle(
                Path.of(System.getProperty("derby.jar")).toUri().toString());
        fragment = context.installBundle(
                Path.of(System.getProperty("fragment.jar")).toUri().toString());
        consumer = context.installBundle("consumer", consumerBundle(IMPORTS));
        derby.start();
    }

    @AfterEach
    void stopFelix() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }

    @Test
    void attachesToDerbyAndSatisfiesItsUsers() {
        assertTrue(
                framework.adapt(FrameworkWiring.class).resolveBundles(List.of(derby, fragment, consumer)),
                "derby, the fragment and a bundle importing " + IMPORTS + " resolve");

        assertEquals(Bundle.ACTIVE, derby.getState());
        assertEquals(Bundle.RESOLVED, fragment.getState());
        List<BundleWire> imports = consumer.adapt(BundleWiring.class).getRequiredWires(null);
        assertEquals(3, imports.size());
        imports.forEach(wire -> assertEquals(
                derby, wire.getProvider().getBundle(), wire.getCapability().getAttributes() + " comes from derby"));
        assertEquals(
                derby,
                fragment.adapt(BundleWiring.class)
                        .getRequiredWires(HostNamespace.HOST_NAMESPACE)
                        .get(0)
                        .getProvider()
                        .getBundle(),
                "attached to derby");
    }

    @Test
    void opensAnEmbeddedDatabaseWithoutDriverManager() throws Exception {
        Driver driver = (Driver) consumer.loadClass("org.apache.derby.jdbc.EmbeddedDriver")
                .getConstructor()
                .newInstance();

        try (Connection c = driver.connect("jdbc:derby:memory:fragment;create=true", new Properties());
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM SYS.SYSTABLES")) {
            assertTrue(rows.next());
            assertTrue(rows.getInt(1) > 10, "Derby's catalog is there");
        }
        SQLException shutdown = assertThrows(
                SQLException.class, () -> driver.connect("jdbc:derby:memory:fragment;shutdown=true", new Properties()));
        assertEquals("08006", shutdown.getSQLState(), "a clean shutdown of one database");
    }

    /** A bundle with nothing but the given imports, as io.cengjiyun.store would have them. */
    private static InputStream consumerBundle(String imports) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "consumer");
        main.putValue(Constants.IMPORT_PACKAGE, imports);
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            out.flush();
        }
        return new ByteArrayInputStream(jar.toByteArray());
    }
}
