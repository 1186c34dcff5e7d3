/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Leader;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the stored servers with their clusters once at start-up, in the background: every server whose cluster
 * drifted from its stored definition (controller deleted, another revision applied) is applied again. Clusters that
 * do not answer, or whose caches have not filled within a minute, are left for a later reconcile on demand. The
 * drift found and the reconcile are published with the actor {@value Topics#SYSTEM}, which the audit log records.
 * Among replicas only the leader runs it (the {@link Leader} service is there only while this runtime leads): when
 * it starts, and again on the replica that takes over from one that died, since what the dead leader was doing may
 * be half done. Losing the lead interrupts it.
 */
@Component(immediate = true)
public class StartupReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReconciler.class);
    private static final long SYNC_WAIT_MILLIS = 60_000;

    private final Thread thread;

    @Activate
    public StartupReconciler(
            @Reference HierarchyStore store,
            @Reference ServerRuntime runtime,
            @Reference ClusterRegistry clusters,
            @Reference DomainEvents events,
            @Reference RolloutEvents rollouts,
            @Reference Leader leader) {
        LOG.info("Start-up reconcile as {}", leader);
        thread = new Thread(() -> run(store, runtime, clusters, events, rollouts), "cengjiyun-startup-reconcile");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void stop() throws InterruptedException {
        thread.interrupt();
        thread.join(5_000);
    }

    private static void run(
            HierarchyStore store,
            ServerRuntime runtime,
            ClusterRegistry clusters,
            DomainEvents events,
            RolloutEvents rollouts) {
        int checked = 0;
        int repaired = 0;
        int skipped = 0;
        java.util.Map<String, Boolean> readiness = new java.util.HashMap<>();
        try {
            for (Service service : store.listServices()) {
                for (AppMap appMap : store.listAppMaps(service.name())) {
                    if (!readiness.computeIfAbsent(appMap.cluster(), name -> ready(clusters, name))) {
                        skipped +=
                                store.listServers(service.name(), appMap.name()).size();
                        continue;
                    }
                    for (Server server : store.listServers(service.name(), appMap.name())) {
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        checked++;
                        try {
                            ServerStatus before = runtime.status(appMap, server);
                            if (before.drift() != null) {
                                LOG.info(
                                        "Server {}/{}/{} drifted ({}); applying revision {} again",
                                        service.name(),
                                        appMap.name(),
                                        server.name(),
                                        before.drift(),
                                        server.version());
                                events.publish(ServerActions.event(Topics.SERVER_DRIFT_FOUND, server, Topics.SYSTEM)
                                        .state(before.state())
                                        .cause(before.drift())
                                        .build());
                                ServerStatus after = runtime.reconcile(appMap, server);
                                events.publish(ServerActions.event(Topics.SERVER_RECONCILED, server, Topics.SYSTEM)
                                        .state(after.state())
                                        .cause(before.drift())
                                        .build());
                                rollouts.watch(appMap, server, Topics.SYSTEM);
                                repaired++;
                            }
                        } catch (RuntimeException e) {
                            LOG.warn(
                                    "Could not reconcile server {}/{}/{}: {}",
                                    service.name(),
                                    appMap.name(),
                                    server.name(),
                                    e.getMessage());
                        }
                    }
                }
            }
            LOG.info(
                    "Start-up reconcile: {} servers checked, {} applied again, {} left (cluster not ready)",
                    checked,
                    repaired,
                    skipped);
        } catch (RuntimeException e) {
            LOG.warn("Start-up reconcile stopped: {}", e.getMessage());
        }
    }

    /** Waits until the cluster answers and its caches are filled; false if it does not within the wait. */
    private static boolean ready(ClusterRegistry clusters, String name) {
        long end = System.currentTimeMillis() + SYNC_WAIT_MILLIS;
        while (System.currentTimeMillis() < end) {
            ClusterConnection c = clusters.connection(name);
            if (c.info().reachable() && c.synced()) {
                return true;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
