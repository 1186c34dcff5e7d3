/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of the metrics API, shaped as the API server and its clients (kubectl, the HPA controller)
 * decode them: discovery (APIGroupList, APIGroup, APIResourceList), NodeMetrics and PodMetrics with their lists, and
 * Status for every refusal. Records only: Jackson writes them.
 */
final class ApiDocuments {
    static final String GROUP = "metrics.k8s.io";
    static final String VERSION = "v1beta1";
    static final String GROUP_VERSION = GROUP + "/" + VERSION;

    private ApiDocuments() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Meta(String name, String namespace, String creationTimestamp, Map<String, String> labels) {}

    record GroupVersion(String groupVersion, String version) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiGroup(
            String kind, String apiVersion, String name, List<GroupVersion> versions, GroupVersion preferredVersion) {}

    record ApiGroupList(String kind, String apiVersion, List<ApiGroup> groups) {}

    record ApiResource(String name, String singularName, boolean namespaced, String kind, List<String> verbs) {}

    record ApiResourceList(String kind, String apiVersion, String groupVersion, List<ApiResource> resources) {}

    record ContainerMetrics(String name, Map<String, String> usage) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PodMetrics(
            String kind,
            String apiVersion,
            Meta metadata,
            String timestamp,
            String window,
            List<ContainerMetrics> containers) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NodeMetrics(
            String kind,
            String apiVersion,
            Meta metadata,
            String timestamp,
            String window,
            Map<String, String> usage) {}

    record MetricsList(String kind, String apiVersion, Map<String, String> metadata, List<?> items) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusDetails(String name, String group, String kind) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Status(
            String kind,
            String apiVersion,
            Map<String, String> metadata,
            String status,
            String message,
            String reason,
            StatusDetails details,
            int code) {}

    private static final GroupVersion V1BETA1 = new GroupVersion(GROUP_VERSION, VERSION);

    static ApiGroup apiGroup() {
        return new ApiGroup("APIGroup", "v1", GROUP, List.of(V1BETA1), V1BETA1);
    }

    static ApiGroupList apiGroupList() {
        ApiGroup group = apiGroup();
        return new ApiGroupList(
                "APIGroupList", "v1", List.of(new ApiGroup(null, null, group.name(), group.versions(), V1BETA1)));
    }

    static ApiResourceList resources() {
        List<String> verbs = List.of("get", "list");
        return new ApiResourceList(
                "APIResourceList",
                "v1",
                GROUP_VERSION,
                List.of(
                        new ApiResource("nodes", "", false, "NodeMetrics", verbs),
                        new ApiResource("pods", "", true, "PodMetrics", verbs)));
    }

    static MetricsList list(String kind, List<?> items) {
        return new MetricsList(kind, GROUP_VERSION, Map.of(), items);
    }

    /** An item as a list holds it (no kind), or as a GET of one answers it (with kind and apiVersion). */
    static PodMetrics pod(
            boolean alone,
            String namespace,
            String name,
            Map<String, String> labels,
            Instant timestamp,
            Duration window,
            List<ContainerMetrics> containers) {
        return new PodMetrics(
                alone ? "PodMetrics" : null,
                alone ? GROUP_VERSION : null,
                new Meta(name, namespace, time(Instant.now()), labels),
                time(timestamp),
                window(window),
                containers);
    }

    static NodeMetrics node(
            boolean alone,
            String name,
            Map<String, String> labels,
            Instant timestamp,
            Duration window,
            Map<String, String> usage) {
        return new NodeMetrics(
                alone ? "NodeMetrics" : null,
                alone ? GROUP_VERSION : null,
                new Meta(name, null, time(Instant.now()), labels),
                time(timestamp),
                window(window),
                usage);
    }

    /** CPU and memory as Kubernetes quantities: nanocores ({@code 301234567n}), memory in Ki when whole, else bytes. */
    static Map<String, String> usage(double cpuCores, long memoryBytes) {
        return Map.of("cpu", cpu(cpuCores), "memory", memory(memoryBytes));
    }

    static String cpu(double cores) {
        long nanos = Math.round(Math.max(0, cores) * 1e9);
        return nanos == 0 ? "0" : nanos + "n";
    }

    static String memory(long bytes) {
        long b = Math.max(0, bytes);
        return b != 0 && b % 1024 == 0 ? (b / 1024) + "Ki" : Long.toString(b);
    }

    /** RFC 3339 to the second, as Kubernetes writes its times. */
    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A Go duration ({@code 15s}, {@code 1m30s} is also {@code 90s} to Go). */
    static String window(Duration window) {
        return window.toSeconds() + "s";
    }

    static Status status(int code, String reason, String message, StatusDetails details) {
        return new Status("Status", "v1", Map.of(), "Failure", message, reason, details, code);
    }

    static Status notFound(String kind, String name) {
        String resource = kind.equals("pods") ? "podmetrics" : "nodemetrics";
        return status(
                404,
                "NotFound",
                resource + "." + GROUP + " \"" + name + "\" not found",
                new StatusDetails(name, GROUP, kind));
    }
}
