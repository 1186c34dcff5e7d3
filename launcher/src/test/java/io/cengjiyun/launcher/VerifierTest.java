/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int verify() throws Exception {
        Layout layout = new Layout(home, home.resolve("data"), 8080);
        return new Verifier(layout, new PrintStream(output, true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void featuresThatResolveOnTheLevelsBelowPass() throws Exception {
        TestBundles.write(home.resolve("system/1"), "api", "1.0.0", "Export-Package", "com.example.api;version=1.0");
        TestBundles.write(
                home.resolve("system/2"), "impl", "1.0.0", "Import-Package", "com.example.api;version=\"[1,2)\"");

        assertEquals(0, verify(), output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingBundleIsReportedWithTheMissingRequirement() throws Exception {
        TestBundles.write(home.resolve("system/1"), "impl", "1.0.0", "Import-Package", "com.example.missing");

        int problems = verify();

        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(1, problems, text);
        assertTrue(text.contains("UNRESOLVED  impl 1.0.0"), text);
        assertTrue(text.contains("com.example.missing"), text);
    }

    @Test
    void aFeatureMayNotLeanOnAHigherLevel() throws Exception {
        TestBundles.write(home.resolve("system/1"), "impl", "1.0.0", "Import-Package", "com.example.api");
        TestBundles.write(home.resolve("system/2"), "api", "1.0.0", "Export-Package", "com.example.api");

        assertEquals(1, verify(), output.toString(StandardCharsets.UTF_8));
    }
}
