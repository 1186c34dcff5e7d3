/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.IOException;
import java.nio.file.Path;

/** A bundle jar of an installed feature: {@code system/<startLevel>/<name>.jar}. */
public record SystemBundle(Path jar, int startLevel) {

    /** Felix reads the jar in place (no copy into the cache); the location is what identifies it between starts. */
    public String location() {
        return "reference:" + jar.toUri();
    }

    /** Fragments are installed but never started. Reads the jar's manifest. */
    public boolean isFragment() throws IOException {
        return SystemBundles.isFragment(jar);
    }
}
