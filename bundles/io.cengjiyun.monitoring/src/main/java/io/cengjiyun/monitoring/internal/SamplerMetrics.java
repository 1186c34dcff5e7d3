/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cengjiyun_monitoring_rounds_total}: the sampler rounds this runtime ran, scraped at {@code /metrics} (the
 * telemetry bundle collects every registered {@link Collector}). With replicas it grows on the Lease holder only.
 */
@Component(service = Collector.class)
public final class SamplerMetrics implements Collector {
    private final CounterWithCallback rounds;

    @Activate
    public SamplerMetrics(@Reference Monitor monitor) {
        this.rounds = CounterWithCallback.builder()
                .name("cengjiyun_monitoring_rounds_total")
                .help("Monitoring sampler rounds run by this runtime (with replicas: by the Lease holder only)")
                .callback(cb -> cb.call(monitor.rounds()))
                .build();
    }

    @Override
    public MetricSnapshot collect() {
        return rounds.collect();
    }

    @Override
    public String getPrometheusName() {
        return rounds.getPrometheusName();
    }

    @Override
    public MetricType getMetricType() {
        return rounds.getMetricType();
    }

    @Override
    public Set<String> getLabelNames() {
        return rounds.getLabelNames();
    }

    @Override
    public MetricMetadata getMetadata() {
        return rounds.getMetadata();
    }
}
