/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * The first check of the clusters waits for the runtime's start and its REST runtime, once; a runtime started
 * already, or one without a REST runtime, does not keep the clusters unchecked.
 */
class StartGateTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    /** A bundle context of a framework in a given state, with or without the REST runtime's service. */
    private static final class Runtime {
        final List<FrameworkListener> frameworkListeners = new CopyOnWriteArrayList<>();
        final List<ServiceListener> serviceListeners = new CopyOnWriteArrayList<>();
        final List<String> filters = new CopyOnWriteArrayList<>();
        final Bundle framework;
        final BundleContext context;

        Runtime(int frameworkState, boolean restRuntime) {
            framework = (Bundle) Proxy.newProxyInstance(
                    Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) -> switch (m.getName()) {
                        case "getState" -> frameworkState;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
            ServiceReference<?> reference = reference();
            context = (BundleContext) Proxy.newProxyInstance(
                    BundleContext.class.getClassLoader(),
                    new Class<?>[] {BundleContext.class},
                    (p, m, a) -> switch (m.getName()) {
                        case "addFrameworkListener" -> frameworkListeners.add((FrameworkListener) a[0]);
                        case "addServiceListener" -> {
                            serviceListeners.add((ServiceListener) a[0]);
                            filters.add((String) a[1]);
                            yield null;
                        }
                        case "getBundle" -> framework;
                        case "getServiceReference" ->
                            StartGate.REST_RUNTIME.equals(a[0]) && restRuntime ? reference : null;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        private static ServiceReference<?> reference() {
            return (ServiceReference<?>) Proxy.newProxyInstance(
                    ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class}, (p, m, a) -> {
                        throw new UnsupportedOperationException(m.getName());
                    });
        }

        void started() {
            frameworkListeners.forEach(
                    l -> l.frameworkEvent(new FrameworkEvent(FrameworkEvent.STARTED, framework, null)));
        }

        void restRuntimeRegistered() {
            ServiceReference<?> reference = reference();
            serviceListeners.forEach(l -> l.serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED, reference)));
        }
    }

    private static CompletableFuture<Long> awaitInBackground(StartGate gate, Duration forStart, Duration forRest) {
        return CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try {
                gate.await(forStart, forRest);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - t0;
        });
    }

    private static boolean stillWaiting(CompletableFuture<Long> waiting) throws Exception {
        try {
            waiting.get(300, TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        }
    }

    @Test
    void opensWhenTheRuntimeHasStartedAndServesThenSettles() throws Exception {
        Runtime runtime = new Runtime(Bundle.STARTING, false);
        StartGate gate = StartGate.of(runtime.context);
        assertEquals(List.of("(objectClass=" + StartGate.REST_RUNTIME + ")"), runtime.filters);
        CompletableFuture<Long> waiting = awaitInBackground(gate, LONG, LONG);
        assertTrue(stillWaiting(waiting), "the runtime is still starting: the clusters wait");
        runtime.started();
        assertTrue(stillWaiting(waiting), "started, but no REST runtime serves yet: the clusters wait");
        long registered = System.nanoTime();
        runtime.restRuntimeRegistered();
        waiting.get(10, TimeUnit.SECONDS);
        long waited = System.nanoTime() - registered;
        assertTrue(
                waited >= StartGate.SETTLE.toNanos(),
                "the gate opens a settling time after the REST runtime's registration, not at once: " + waited);
        long again = awaitInBackground(gate, LONG, LONG).get(1, TimeUnit.SECONDS);
        assertTrue(again < StartGate.SETTLE.toNanos(), "only the first check waits: " + again);
    }

    @Test
    void aRuntimeStartedAndServingAlreadyOpensAtOnce() throws Exception {
        StartGate gate = StartGate.of(new Runtime(Bundle.ACTIVE, true).context);
        long waited = awaitInBackground(gate, LONG, LONG).get(1, TimeUnit.SECONDS);
        assertTrue(waited < StartGate.SETTLE.toNanos(), "a bundle started later checks at once: " + waited);
    }

    @Test
    void withoutARestRuntimeTheClustersAreCheckedAfterTheLimit() throws Exception {
        Runtime runtime = new Runtime(Bundle.ACTIVE, false);
        StartGate gate = StartGate.of(runtime.context);
        CompletableFuture<Long> waiting = awaitInBackground(gate, LONG, Duration.ofMillis(500));
        long waited = waiting.get(10, TimeUnit.SECONDS);
        assertTrue(waited >= Duration.ofMillis(500).toNanos(), "waited the limit for a REST runtime: " + waited);
        assertFalse(stillWaiting(awaitInBackground(gate, LONG, LONG)), "and is open after it");
    }

    @Test
    void aStartThatNeverEndsDoesNotKeepTheClustersUnchecked() throws Exception {
        StartGate gate = StartGate.of(new Runtime(Bundle.STARTING, true).context);
        long waited = awaitInBackground(gate, Duration.ofMillis(400), LONG).get(10, TimeUnit.SECONDS);
        assertTrue(waited >= Duration.ofMillis(400).toNanos(), "waited the limit for the start: " + waited);
    }

    @Test
    void anOpenGateNeverWaits() throws Exception {
        long waited = awaitInBackground(StartGate.open(), LONG, LONG).get(1, TimeUnit.SECONDS);
        assertTrue(waited < StartGate.SETTLE.toNanos());
    }
}
