/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.monitoring.Samples;
import io.cengjiyun.monitoring.internal.MonitoringConfig;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the resource metrics API to the clusters that have none, while {@code metricsApi=true} (see {@link Serving}:
 * a TLS listener with a certificate made for it, the APIService registered on every connected cluster round after
 * round). Deactivation (the bundle stops) and switching it off remove this runtime's registrations first, then close
 * the listener: the API server then says the metrics API is not available, at once. A change of the sampling interval
 * alone keeps everything running, and so does the sampler restarting (it does on every change of the configuration
 * they share): meanwhile nothing is served, rather than the APIService going and coming back.
 */
// Immediate: it serves the clusters from activation on, whether or not anyone looks at its status.
@Component(
        service = MetricsApi.class,
        configurationPid = MonitoringConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
public class MetricsApi {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsApi.class);

    /** What {@code cj:metricsapi} shows. */
    record Overview(
            boolean enabled,
            String listening,
            String problem,
            String instance,
            List<ClusterStatus> clusters,
            Map<String, MetricsHandler.Counts> counts) {}

    private final ClusterRegistry clusters;
    private final String instance;
    /** Dynamic and optional, so that the sampler's restarts do not restart the listener and the registrations. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Samples samples;
    /** Null while switched off. */
    private Serving serving;

    @Activate
    public MetricsApi(MonitoringConfig config, @Reference ClusterRegistry clusters, BundleContext context) {
        this.clusters = clusters;
        this.instance = InstanceId.of(context.getDataFile("metrics-api-instance"));
        apply(config);
    }

    @Modified
    synchronized void modified(MonitoringConfig config) {
        apply(config);
    }

    private synchronized void apply(MonitoringConfig config) {
        boolean sameListener = serving != null && serving.settings().equals(Serving.Listening.of(config));
        if (config.metricsApi() && sameListener) {
            serving.sampling(config);
            return;
        }
        if (serving != null) {
            serving.stop();
            serving = null;
        }
        if (config.metricsApi()) {
            serving = Serving.start(config, instance, clusters, () -> samples);
        } else {
            LOG.info("Metrics API off (metricsApi=false in configuration {})", MonitoringConfig.PID);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (serving != null) {
            serving.stop();
            serving = null;
        }
    }

    synchronized Overview overview() {
        return serving == null ? new Overview(false, null, null, instance, List.of(), Map.of()) : serving.overview();
    }

    /** @return null when none is configured */
    static InetAddress configuredAddress(String configured) throws UnknownHostException {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        InetAddress address = InetAddress.getByName(configured.strip());
        if (LocalAddress.usable(address).isEmpty()) {
            throw new IllegalArgumentException("metricsApiAddress " + configured + " is a loopback, wildcard or"
                    + " link-local address, which a cluster's Endpoints refuse: give this machine's address as the"
                    + " API servers reach it, or leave it empty");
        }
        return address;
    }

    /**
     * This machine's address on the route to the cluster's API server; when that is loopback (the API server runs
     * here and is dialled at 127.0.0.1), the route to the address the API server advertises (the Endpoints
     * default/kubernetes); then any address of an interface that is up.
     */
    static InetAddress discover(ClusterConnection cluster) {
        KubernetesClient client = cluster.client();
        URI server = URI.create(client.getMasterUrl().toString());
        Optional<InetAddress> direct = LocalAddress.towards(server.getHost(), server.getPort());
        if (direct.isPresent()) {
            return direct.get();
        }
        Endpoints advertised =
                client.endpoints().inNamespace("default").withName("kubernetes").get();
        List<InetAddress> candidates = new ArrayList<>();
        if (advertised != null && advertised.getSubsets() != null) {
            for (EndpointSubset subset : advertised.getSubsets()) {
                for (EndpointAddress a :
                        subset.getAddresses() == null ? List.<EndpointAddress>of() : subset.getAddresses()) {
                    LocalAddress.towards(a.getIp(), 443).ifPresent(candidates::add);
                }
            }
        }
        candidates.addAll(LocalAddress.interfaces());
        return LocalAddress.firstUsable(candidates)
                .orElseThrow(() -> new IllegalStateException("this machine has no address an API server could dial"
                        + " (only loopback): set metricsApiAddress in configuration " + MonitoringConfig.PID));
    }

    /** For the status: how long ago, in whole seconds. */
    static String ago(Instant since) {
        return since == null ? "-" : Duration.between(since, Instant.now()).toSeconds() + "s";
    }
}
