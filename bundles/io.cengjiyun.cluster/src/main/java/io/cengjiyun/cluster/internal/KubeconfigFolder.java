/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters registered from files: each {@code <name>.kubeconfig} in the folder (by default {@code etc/clusters}) is
 * the cluster {@code <name>}, registered when it appears and its credentials replaced when the file changes. A file
 * whose content is what the cluster already has changes nothing; a file that cannot be used is reported once (until
 * it changes) and skipped. Removing a file removes nothing: a cluster in use by appmaps is removed through the API.
 */
final class KubeconfigFolder {
    static final String SUFFIX = ".kubeconfig";
    private static final Logger LOG = LoggerFactory.getLogger(KubeconfigFolder.class);

    private final Path folder;
    /** What was last seen of each file: the content registered, or refused (not to report it again). */
    private final Map<String, String> seen = new HashMap<>();

    KubeconfigFolder(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /**
     * Registers the clusters of files that are new or changed.
     *
     * @param registered the kubeconfig a cluster has now, or null for an unknown cluster
     * @param register   registers or re-keys a cluster; throws when the name or kubeconfig is unusable
     * @return how many clusters were registered or re-keyed
     */
    synchronized int scan(Function<String, String> registered, BiConsumer<String, String> register) {
        if (folder == null || !Files.isDirectory(folder)) {
            return 0;
        }
        int changed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - SUFFIX.length());
                String content;
                try {
                    content = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    LOG.warn("Cannot read the kubeconfig {}: {}", file, e.toString());
                    continue;
                }
                if (content.equals(seen.get(name)) || content.equals(registered.apply(name))) {
                    seen.put(name, content);
                    continue;
                }
                seen.put(name, content);
                try {
                    register.accept(name, content);
                    changed++;
                    LOG.info("Registered cluster '{}' from {}", name, file);
                } catch (RuntimeException e) {
                    LOG.warn("The kubeconfig {} was not registered as cluster '{}': {}", file, name, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the kubeconfigs in {}: {}", folder, e.toString());
        }
        return changed;
    }

    @Override
    public String toString() {
        return Objects.toString(folder);
    }
}
