/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumesCommandsTest {
    @TempDir
    Path dir;

    @Test
    void entriesAreKeyValuePairsOrFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "mode=prod\n");

        Map<String, String> data =
                VolumesCommands.entries(new String[] {"a=1", "b=x=y", "c=", "conf=@" + file, "@" + file});

        assertEquals(
                Map.of("a", "1", "b", "x=y", "c", "", "conf", "mode=prod\n", "app.properties", "mode=prod\n"), data);
    }

    @Test
    void anEntryWithoutKeyOrAnUnreadableFileIsRefused() {
        assertThrows(ValidationException.class, () -> VolumesCommands.entries(new String[] {"novalue"}));
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> VolumesCommands.entries(new String[] {"k=@" + dir.resolve("missing")}));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }
}
