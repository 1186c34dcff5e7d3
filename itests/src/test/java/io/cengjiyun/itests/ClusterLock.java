/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Who may use the one local cluster (tools/kube-local) at a time: test classes share it, and a class that breaks it on
 * purpose (ClusterFaultIT stops the API server) has it alone. It is a read/write lock on a file that every test JVM on
 * the machine takes (failsafe's parallel forks, or two builds at once), held by the test class that runs now in this
 * JVM until the next class takes it or the JVM ends; the operating system lets it go with the process, so an aborted
 * run leaves nothing behind.
 */
final class ClusterLock {

    /** The lock file, the same for every test JVM on this machine. */
    static final Path FILE =
            Path.of(System.getProperty("cengjiyun.itest.cluster.lock", "/tmp/cengjiyun-itest-local-cluster.lock"));

    private static FileChannel channel;
    private static FileLock held;

    private ClusterLock() {}

    /** Uses the cluster beside other test classes; waits while a class has it alone. */
    static void shared(String who) {
        take(who, true);
    }

    /** Has the cluster alone; waits until no other test class uses it. */
    static void exclusive(String who) {
        take(who, false);
    }

    private static synchronized void take(String who, boolean shared) {
        try {
            if (held != null) {
                held.release();
                held = null;
            }
            if (channel == null) {
                channel = FileChannel.open(
                        FILE, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            FileLock now = channel.tryLock(0, Long.MAX_VALUE, shared);
            if (now == null) {
                long since = System.nanoTime();
                System.out.println(who + ": waiting for the local cluster ("
                        + (shared ? "a test class has it alone" : "other test classes still use it") + "; lock "
                        + FILE + ")");
                now = channel.lock(0, Long.MAX_VALUE, shared);
                System.out.printf(
                        "%s: has the local cluster %s after %d s%n",
                        who, shared ? "shared" : "alone", (System.nanoTime() - since) / 1_000_000_000L);
            }
            held = now;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + FILE + " for the local cluster", e);
        }
    }
}
