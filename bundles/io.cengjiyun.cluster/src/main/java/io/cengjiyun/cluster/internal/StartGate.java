/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens once the framework has started every bundle and the REST runtime serves. The first check of the clusters
 * (fabric8's client, discovery, a dozen informer lists per cluster: about 2 s of CPU on these machines) waits for
 * it, so that it does not compete on two cores with the runtime's own start: a warm restart with the local cluster
 * registered answered its first request after 5.1-7.4 s (median 5.8 s, 6 runs) with the check beside the start and
 * after 3.7-5.0 s (median 4.6 s, 4 runs) with it after (issue 22). {@code GET /api/v1/ready} says when the caches
 * are listed. A bundle started later (the framework already running, the REST runtime there) finds the gate open.
 */
final class StartGate {
    /** The REST runtime's service (by name: this bundle does not use the package). */
    static final String REST_RUNTIME = "org.osgi.service.jakartars.runtime.JakartarsServiceRuntime";

    /**
     * How long after the REST runtime's registration the gate opens: Jersey builds its application and answers its
     * first requests in that second (0.6 s on these machines); a check beside them delayed the first answer by as much.
     */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(StartGate.class);

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch serving = new CountDownLatch(1);
    /** Whether the gate has opened: later checks do not wait. */
    private volatile boolean open;

    private StartGate() {}

    /** A gate that is open (no framework: unit tests). */
    static StartGate open() {
        StartGate gate = new StartGate();
        gate.open = true;
        return gate;
    }

    /** The gate of a runtime; the framework drops its listeners when this bundle stops. */
    static StartGate of(BundleContext context) {
        StartGate gate = new StartGate();
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                gate.started.countDown();
            }
        });
        try {
            context.addServiceListener(
                    event -> {
                        if (event.getType() == ServiceEvent.REGISTERED) {
                            gate.serving.countDown();
                        }
                    },
                    "(objectClass=" + REST_RUNTIME + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Bundle framework = context.getBundle(0);
        if (framework == null || framework.getState() == Bundle.ACTIVE) {
            gate.started.countDown();
        }
        if (context.getServiceReference(REST_RUNTIME) != null) {
            gate.serving.countDown();
        }
        return gate;
    }

    /**
     * Waits until the framework has started (at most {@code forStart}), then until the REST runtime serves (at most
     * {@code forRest} more: a runtime without one checks its clusters after that), then {@link #SETTLE} if it had to
     * wait for it. Only the first call waits.
     */
    void await(Duration forStart, Duration forRest) throws InterruptedException {
        if (open) {
            return;
        }
        boolean waitedForRest = serving.getCount() > 0;
        if (!started.await(forStart.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("The runtime has not started within {} s: checking the clusters anyway", forStart.toSeconds());
        }
        if (!serving.await(forRest.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.info("No REST runtime serves {} s after the start: checking the clusters", forRest.toSeconds());
        } else if (waitedForRest) {
            TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
        }
        open = true;
    }
}
