/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clusters from etc/clusters/<name>.kubeconfig: registered when new or changed, never twice, bad files skipped. */
class KubeconfigFolderTest {
    @TempDir
    Path etc;

    private final Map<String, String> clusters = new HashMap<>();
    private final List<String> registrations = new ArrayList<>();

    private int scan(KubeconfigFolder folder) {
        return folder.scan(clusters::get, (name, kubeconfig) -> {
            if (kubeconfig.contains("broken")) {
                throw new IllegalArgumentException("kubeconfig: not a kubeconfig");
            }
            registrations.add(name);
            clusters.put(name, kubeconfig);
        });
    }

    @Test
    void newAndChangedFilesAreRegisteredOnce() throws Exception {
        Files.writeString(etc.resolve("prod.kubeconfig"), "apiVersion: v1 # prod");
        Files.writeString(etc.resolve("notes.txt"), "not a kubeconfig");
        KubeconfigFolder folder = new KubeconfigFolder(etc);

        assertEquals(1, scan(folder));
        assertEquals(0, scan(folder), "an unchanged file is not registered again");
        Files.writeString(etc.resolve("prod.kubeconfig"), "apiVersion: v1 # prod, new token");
        assertEquals(1, scan(folder));

        assertEquals(List.of("prod", "prod"), registrations);
        assertEquals("apiVersion: v1 # prod, new token", clusters.get("prod"));
    }

    @Test
    void aClusterThatAlreadyHasTheFilesContentIsLeftAlone() throws Exception {
        clusters.put("local", "apiVersion: v1 # local");
        Files.writeString(etc.resolve("local.kubeconfig"), "apiVersion: v1 # local");

        assertEquals(0, scan(new KubeconfigFolder(etc)));
        assertEquals(List.of(), registrations);
    }

    @Test
    void aBadFileIsSkippedUntilItChanges() throws Exception {
        Files.writeString(etc.resolve("bad.kubeconfig"), "broken");
        Files.writeString(etc.resolve("good.kubeconfig"), "apiVersion: v1 # good");
        KubeconfigFolder folder = new KubeconfigFolder(etc);

        assertEquals(1, scan(folder));
        assertEquals(0, scan(folder));
        Files.writeString(etc.resolve("bad.kubeconfig"), "apiVersion: v1 # fixed");
        assertEquals(1, scan(folder));
        assertEquals(
                List.of("good", "bad"),
                registrations.stream()
                        .sorted((a, b) -> a.equals("good") ? -1 : 1)
                        .toList());
    }

    @Test
    void noFolderIsNoCluster() {
        assertEquals(0, scan(new KubeconfigFolder(etc.resolve("missing"))));
        assertEquals(0, scan(new KubeconfigFolder(null)));
    }
}
