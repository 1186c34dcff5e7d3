/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.database.DataFolder;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The database's OSGi defaults: with no configuration at all it is embedded Derby in the data folder. */
class JdbcDatabaseServiceTest {

    /** A BundleContext that only answers framework properties, which is all the database asks of it. */
    private static BundleContext frameworkProperties(String dataFolder) {
        return (BundleContext) Proxy.newProxyInstance(
                BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> "getProperty".equals(method.getName()) && DataFolder.PROPERTY.equals(args[0])
                        ? dataFolder
                        : null);
    }

    /** The configuration as DS gives it when there is no configuration file: every default. */
    private static DatabaseConfig defaults() {
        return (DatabaseConfig) Proxy.newProxyInstance(
                DatabaseConfig.class.getClassLoader(),
                new Class<?>[] {DatabaseConfig.class},
                (proxy, method, args) -> method.getDefaultValue());
    }

    @Test
    void withNoConfigurationItIsEmbeddedDerbyInTheDataFolder(@TempDir Path data) {
        JdbcDatabaseService db = new JdbcDatabaseService(frameworkProperties(data.toString()), defaults());
        try {
            assertEquals(
                    "Apache Derby",
                    db.read("read the product name", c -> c.getMetaData().getDatabaseProductName()));
        } finally {
            db.close();
        }

        assertTrue(Files.isDirectory(data.resolve("db")), "the database lives in <cengjiyun.data>/db");
    }

    @Test
    void theDataFolderDefaultsToData() {
        assertEquals(Path.of("data"), DataFolder.of(frameworkProperties(null)));
    }
}
