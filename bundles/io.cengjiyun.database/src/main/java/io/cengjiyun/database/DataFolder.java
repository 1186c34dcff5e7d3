/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * The platform's data folder: the framework property {@value #PROPERTY} that the launcher sets, else
 * {@code data} in the working directory. The embedded database lives in it, and the bundles that keep files
 * of their own (the admin's first password, the key that seals cluster credentials) put them there too.
 */
public final class DataFolder {
    public static final String PROPERTY = "cengjiyun.data";
    static final String DEFAULT = "data";

    private DataFolder() {}

    public static Path of(BundleContext context) {
        String data = context.getProperty(PROPERTY);
        return Path.of(data == null || data.isBlank() ? DEFAULT : data);
    }
}
