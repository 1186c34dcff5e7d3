/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.cluster.Allotment;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ApiVersions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One cluster for unit tests: fabric8's mock API server in CRUD mode, seen through the platform's interfaces. Its
 * "informer caches" list the platform's objects from the mock server, so they are always in step with it; it serves
 * CronJob and HorizontalPodAutoscaler in the versions it is given (current ones, or those of Kubernetes 1.20).
 */
final class MockCluster implements ClusterConnection, ClusterRegistry {
    static final String NAME = "local";

    private final KubernetesClient client;
    private final ApiVersions versions;

    MockCluster(KubernetesClient client, ApiVersions versions) {
        this.client = client;
        this.versions = versions;
    }

    /** The appmap whose servers run here, in namespace {@code shop-dev}. */
    static AppMap appMap() {
        return AppMap.of("shop", "dev", NAME, null, null, null);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public Set<String> servedApiVersions() {
        return new TreeSet<>(List.of("v1", "apps/v1", "batch/v1", versions.cronJob(), versions.autoscaler()));
    }

    @Override
    public boolean serves(String apiVersion, String kind) {
        return switch (kind) {
            case "CronJob" -> versions.cronJob().equals(apiVersion);
            case "HorizontalPodAutoscaler" -> versions.autoscaler().equals(apiVersion);
            default -> servedApiVersions().contains(apiVersion);
        };
    }

    @Override
    public <T extends HasMetadata> List<T> cached(Class<T> kind, String namespace) {
        return client.resources(kind)
                .inNamespace(namespace)
                .withLabel(Labels.MANAGED_BY, Labels.PLATFORM)
                .list()
                .getItems();
    }

    /** The mock has no informers (its "cache" is a listing), so nothing ever calls the listener back. */
    @Override
    public Subscription onChange(
            String namespace, java.util.function.Consumer<io.fabric8.kubernetes.api.model.HasMetadata> listener) {
        return () -> {};
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public ClusterInfo info() {
        return new ClusterInfo(
                NAME,
                client.getMasterUrl().toString(),
                true,
                "v1.20.2",
                List.of(),
                List.copyOf(servedApiVersions()),
                null,
                Instant.EPOCH,
                Instant.now());
    }

    // --- the registry of this one cluster

    @Override
    public ClusterConnection connection(String name) {
        if (!NAME.equals(name)) {
            throw new NotFoundException("cluster '" + name + "'");
        }
        return this;
    }

    @Override
    public List<ClusterInfo> clusters() {
        return List.of(info());
    }

    @Override
    public ClusterInfo cluster(String name) {
        return connection(name).info();
    }

    @Override
    public ClusterInfo register(String name, String kubeconfig) {
        throw new UnsupportedOperationException("the mock cluster is registered once");
    }

    @Override
    public void remove(String name) {
        throw new UnsupportedOperationException("the mock cluster is registered once");
    }

    @Override
    public ClusterInfo refresh(String name) {
        return cluster(name);
    }

    @Override
    public List<Allotment> allotments(String service) {
        return List.of();
    }

    @Override
    public List<Allotment> allot(String service, List<Allotment> allotments) {
        throw new UnsupportedOperationException("the mock cluster has no allotments");
    }
}
