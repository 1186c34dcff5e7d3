/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values sealed at rest: opened only with the same key, unchanged; the key file is owner-only and kept. */
class SealerTest {
    @TempDir
    Path data;

    @Test
    void aValueOpensWithItsKeyOnly() {
        Sealer sealer = Sealer.random();
        String sealed = sealer.seal("token: abc");

        assertTrue(Sealer.isSealed(sealed));
        assertNotEquals(sealed, sealer.seal("token: abc"), "a fresh nonce per value");
        assertEquals("token: abc", sealer.open(sealed, "credentials of cluster 'x'", "register it again"));
        IllegalStateException other = assertThrows(
                IllegalStateException.class,
                () -> Sealer.random().open(sealed, "credentials of cluster 'x'", "register it again"));
        assertTrue(other.getMessage().contains("credentials of cluster 'x' cannot be opened"), other.getMessage());
        assertTrue(other.getMessage().endsWith(": register it again"), other.getMessage());
        assertThrows(IllegalStateException.class, () -> sealer.open("plain text", "x", "y"));
    }

    @Test
    void theKeyFileIsMadeOwnerOnlyAndReadAgain() throws Exception {
        Path file = data.resolve("cluster.key");
        String sealed = Sealer.fromKeyFile(file, "cluster credentials", "register the clusters again")
                .seal("v");

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(
                "v",
                Sealer.fromKeyFile(file, "cluster credentials", "register the clusters again")
                        .open(sealed, "value", "set it again"));
        Files.writeString(file, "not a key");
        IllegalStateException bad = assertThrows(
                IllegalStateException.class,
                () -> Sealer.fromKeyFile(file, "cluster credentials", "register the clusters again"));
        assertTrue(bad.getMessage().contains("seals cluster credentials"), bad.getMessage());
    }
}
