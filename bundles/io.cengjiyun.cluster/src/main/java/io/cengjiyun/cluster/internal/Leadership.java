/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.Leader;
import io.cengjiyun.api.Stopping;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link Leader} while this runtime leads. Alone (no Lease configured) it leads from its activation. With a
 * Lease it takes part in the election of fabric8's {@code LeaderElector} on the cluster the runtime runs on (its
 * service account, or a kubeconfig): the service appears when the Lease is won and goes, with the work that needs it,
 * the moment fabric8 says the lead is lost (renewal failed for {@code renewDeadlineSeconds}, or another holder). A
 * lost election is entered again. Deactivation (the runtime stopping) gives the Lease up before it returns, so that
 * another replica leads within a retry period instead of a lease duration.
 */
@Component(
        immediate = true,
        configurationPid = Leadership.PID,
        service = {})
@Designate(ocd = LeaderConfig.class)
public final class Leadership {
    static final String PID = "io.cengjiyun.leader";
    static final String SERVICE_ACCOUNT_NAMESPACE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    /** What the election needs, checked: from the configuration and the environment. */
    record Settings(
            String leaseName,
            String namespace,
            String identity,
            String kubeconfig,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod) {

        boolean alone() {
            return leaseName.isEmpty();
        }

        /** @throws IllegalArgumentException naming the field and the fix */
        static Settings of(LeaderConfig config, Function<String, String> env, Function<Path, String> files) {
            String lease = firstOf(config.leaseName(), env.apply("CENGJIYUN_LEASE_NAME"));
            String identity = firstOf(config.identity(), env.apply("POD_NAME"));
            if (identity.isEmpty()) {
                identity = hostName();
            }
            Duration duration = Duration.ofSeconds(config.leaseDurationSeconds());
            Duration renew = Duration.ofSeconds(config.renewDeadlineSeconds());
            Duration retry = Duration.ofSeconds(config.retryPeriodSeconds());
            if (lease.isEmpty()) {
                return new Settings("", "", identity, "", duration, renew, retry);
            }
            if (!lease.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
                throw new IllegalArgumentException("leaseName in etc/" + PID + ".cfg (or CENGJIYUN_LEASE_NAME) is '"
                        + lease + "': give a Kubernetes object name (lower-case letters, digits, '-', '.')");
            }
            String namespace = firstOf(config.leaseNamespace(), env.apply("POD_NAMESPACE"));
            if (namespace.isEmpty()) {
                namespace = files.apply(Path.of(SERVICE_ACCOUNT_NAMESPACE));
            }
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException(
                        "The Lease '" + lease + "' has no namespace: set leaseNamespace in" + " etc/" + PID
                                + ".cfg or POD_NAMESPACE, or run the runtime in a pod with its service account");
            }
            if (config.leaseDurationSeconds() < 3
                    || config.renewDeadlineSeconds() < 2
                    || config.retryPeriodSeconds() < 1) {
                throw new IllegalArgumentException("leaseDurationSeconds (" + config.leaseDurationSeconds()
                        + "), renewDeadlineSeconds (" + config.renewDeadlineSeconds() + ") and retryPeriodSeconds ("
                        + config.retryPeriodSeconds() + ") in etc/" + PID + ".cfg: give at least 3, 2 and 1");
            }
            if (renew.compareTo(duration) >= 0) {
                throw new IllegalArgumentException("renewDeadlineSeconds (" + config.renewDeadlineSeconds()
                        + ") in etc/" + PID + ".cfg must be less than leaseDurationSeconds ("
                        + config.leaseDurationSeconds() + "): a leader must give up before others may take over");
            }
            // fabric8 wants the deadline above the retry period with its jitter (1.2).
            if (renew.toMillis() <= retry.toMillis() * 12 / 10) {
                throw new IllegalArgumentException("renewDeadlineSeconds (" + config.renewDeadlineSeconds()
                        + ") in etc/" + PID + ".cfg must be more than 1.2 x retryPeriodSeconds ("
                        + config.retryPeriodSeconds() + ")");
            }
            return new Settings(
                    lease, namespace.strip(), identity, config.kubeconfig().strip(), duration, renew, retry);
        }

        private static String firstOf(String configured, String fromEnv) {
            if (configured != null && !configured.isBlank()) {
                return configured.strip();
            }
            return fromEnv == null ? "" : fromEnv.strip();
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "cengjiyun";
            }
        }
    }

    private final BundleContext context;
    private final Settings settings;
    private final Clock clock = Clock.systemUTC();
    private final Object lock = new Object();
    /** Held while closing: a second close waits for the first to have given the Lease up. */
    private final Object closing = new Object();

    private KubernetesClient client;
    private ScheduledExecutorService retries;
    private CompletableFuture<?> election;
    private ServiceRegistration<Leader> registration;
    private boolean closed;

    @Activate
    public Leadership(BundleContext context, LeaderConfig config) {
        this(context, Settings.of(config, System::getenv, Leadership::readFile));
    }

    Leadership(BundleContext context, Settings settings) {
        this.context = context;
        this.settings = settings;
        if (settings.alone()) {
            lead();
            return;
        }
        LOG.info(
                "Leader election through the Lease {}/{} as '{}' (lease {} s, renew deadline {} s, retry {} s)",
                settings.namespace(),
                settings.leaseName(),
                settings.identity(),
                settings.leaseDuration().toSeconds(),
                settings.renewDeadline().toSeconds(),
                settings.retryPeriod().toSeconds());
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cengjiyun-leader-election");
            t.setDaemon(true);
            return t;
        });
        client = Clusters.withBundleLoader(() -> new KubernetesClientBuilder()
                .withConfig(clientConfig(settings))
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build());
        retries.execute(this::enter);
    }

    /** The Lease's cluster: the kubeconfig's current context, or the pod's service account. */
    private static Config clientConfig(Settings settings) {
        if (settings.kubeconfig().isEmpty()) {
            return Config.autoConfigure(null);
        }
        try {
            return Config.fromKubeconfig(Files.readString(Path.of(settings.kubeconfig()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("kubeconfig in etc/" + PID + ".cfg is '" + settings.kubeconfig()
                    + "', which cannot be read (" + e.getMessage() + "): give a readable kubeconfig file, or leave it"
                    + " empty in a pod");
        }
    }

    /** Enters the election; when it ends without a stop (the lead lost, the API server refused), enters it again. */
    private void enter() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            CompletableFuture<?> run = Clusters.withBundleLoader(() -> client.leaderElector()
                    .withConfig(new LeaderElectionConfigBuilder()
                            .withName(settings.leaseName())
                            .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                            .withLeaseDuration(settings.leaseDuration())
                            .withRenewDeadline(settings.renewDeadline())
                            .withRetryPeriod(settings.retryPeriod())
                            .withReleaseOnCancel(false) // release() does, on the deactivating thread
                            .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::follow, this::newLeader))
                            .build())
                    .build()
                    .start());
            election = run;
            run.whenComplete((ignored, failure) -> {
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    if (failure != null) {
                        LOG.warn(
                                "Leader election through the Lease {}/{} ended: {}; entering it again in {} s",
                                settings.namespace(),
                                settings.leaseName(),
                                failure.getMessage(),
                                settings.retryPeriod().toSeconds());
                    }
                    retries.schedule(this::enter, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        }
    }

    private void lead() {
        synchronized (lock) {
            if (closed || registration != null) {
                return;
            }
            Instant since = clock.instant();
            String identity = settings.identity();
            Hashtable<String, Object> properties = new Hashtable<>(Map.of("cengjiyun.leader.identity", identity));
            registration = context.registerService(
                    Leader.class,
                    new Leader() {
                        @Override
                        public String identity() {
                            return identity;
                        }

                        @Override
                        public Instant since() {
                            return since;
                        }

                        @Override
                        public String toString() {
                            return "leader " + identity + " since " + since;
                        }
                    },
                    properties);
            if (!settings.alone()) {
                LOG.info("'{}' leads (Lease {}/{})", identity, settings.namespace(), settings.leaseName());
            }
        }
    }

    /** The lead is lost: the service goes now, and with it (synchronously) every component that needs it. */
    private void follow() {
        ServiceRegistration<Leader> lost;
        synchronized (lock) {
            lost = registration;
            registration = null;
        }
        if (lost != null) {
            LOG.warn(
                    "'{}' no longer leads (Lease {}/{})",
                    settings.identity(),
                    settings.namespace(),
                    settings.leaseName());
            try {
                lost.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: the framework has unregistered it already
            }
        }
    }

    /** fabric8 says who holds the Lease now: null when a leader gave it up (no holder until the next acquires it). */
    private void newLeader(String identity) {
        if (identity == null || identity.isEmpty()) {
            LOG.info("The Lease {}/{} has no holder: it was given up", settings.namespace(), settings.leaseName());
        } else if (!identity.equals(settings.identity())) {
            LOG.info("The Lease {}/{} is held by '{}'", settings.namespace(), settings.leaseName(), identity);
        }
    }

    /**
     * The runtime begins to stop (the launcher's drain after SIGTERM): the lead goes now, with the work that needs it,
     * and the Lease is given up, so that another replica leads while this one still drains its requests.
     */
    @Reference(
            service = BooleanSupplier.class,
            target = Stopping.TARGET,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    void stopping(BooleanSupplier stopping) {
        if (!settings.alone()) {
            LOG.info("The runtime is stopping: '{}' gives up the lead", settings.identity());
            retries.execute(this::close); // not on the registering thread: close() waits for fabric8
        }
    }

    /** DS wants an unbind for a dynamic reference; a runtime does not come back from stopping. */
    void unstopping(BooleanSupplier stopping) {}

    /** Stops leading and gives the Lease up ({@link #release}: fabric8's own release on cancel is off). */
    @Deactivate
    void close() {
        // A second caller (deactivation after the stopping runtime's close) waits until the Lease is given up.
        synchronized (closing) {
            closeOnce();
        }
    }

    private void closeOnce() {
        CompletableFuture<?> running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = election;
        }
        if (running != null) {
            running.cancel(true);
        }
        follow();
        if (client != null) {
            release();
        }
        if (retries != null) {
            retries.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }

    /**
     * Gives the Lease up if this replica still holds it: no holder, renewed now for a second, as client-go does on
     * a release. fabric8 would on cancel, but it reads the Lease on the cancelling thread and loses a failure there.
     */
    private void release() {
        try {
            boolean released = Clusters.withBundleLoader(() -> {
                var resource = client.leases().inNamespace(settings.namespace()).withName(settings.leaseName());
                var lease = resource.get();
                if (lease == null
                        || lease.getSpec() == null
                        || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
                    return false; // another replica holds it, or nobody: nothing to give up
                }
                lease.getSpec().setHolderIdentity(null);
                lease.getSpec().setLeaseDurationSeconds(1);
                lease.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
                client.leases()
                        .inNamespace(settings.namespace())
                        .resource(lease)
                        .update(); // with the resourceVersion read: fails if another replica wrote since
                return true;
            });
            if (released) {
                LOG.info(
                        "'{}' gave up the Lease {}/{}",
                        settings.identity(),
                        settings.namespace(),
                        settings.leaseName());
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "'{}' could not give up the Lease {}/{} ({}): another replica leads once it runs out ({} s)",
                    settings.identity(),
                    settings.namespace(),
                    settings.leaseName(),
                    e.getMessage(),
                    settings.leaseDuration().toSeconds());
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
