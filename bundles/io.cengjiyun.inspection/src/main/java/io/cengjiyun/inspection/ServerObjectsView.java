/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A server's live objects as the cluster has them now (times ISO-8601). Each object can also be read raw, as the cluster
 * has it, under {@code objects/<kind>/<name>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerObjectsView(
        String server,
        String namespace,
        Controller controller,
        List<Revision> revisions,
        List<PodView> pods,
        List<ServiceView> services,
        List<ClaimView> claims,
        Autoscaler autoscaler) {

    /**
     * The controller: Deployment, StatefulSet, DaemonSet, Job or CronJob.
     *
     * @param revision the platform revision it was last applied from
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Controller(
            String kind,
            String name,
            Long revision,
            Long generation,
            Long observedGeneration,
            Integer desired,
            Integer current,
            Integer updated,
            Integer ready,
            Integer available,
            List<Condition> conditions,
            String createdAt) {}

    /** A condition of an object, as the cluster reports it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String type, String status, String reason, String message, String lastTransition) {}

    /**
     * A ReplicaSet (Deployment) or ControllerRevision (StatefulSet, DaemonSet) with the platform revision it carries.
     *
     * @param clusterRevision the cluster's own revision number of it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Revision(
            String kind,
            String name,
            Long revision,
            Long clusterRevision,
            Integer replicas,
            Integer ready,
            List<String> images,
            String createdAt) {}

    /** A pod and its containers. {@code ready} as {@code 1/2}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodView(
            String name,
            String phase,
            String ready,
            int restarts,
            String node,
            String podIP,
            Long revision,
            String createdAt,
            String deleting,
            List<ContainerView> containers) {}

    /**
     * A container: its state ({@code running}, {@code waiting} or {@code terminated}) with reason and message, and its
     * last termination.
     *
     * @param imageID the image digest it really runs, once started
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContainerView(
            String name,
            String image,
            String imageID,
            boolean ready,
            int restarts,
            String state,
            String reason,
            String message,
            Integer exitCode,
            String startedAt,
            Termination lastTermination) {}

    /** How a container ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Termination(String reason, Integer exitCode, String finishedAt, String message) {}

    /** A Service and the endpoints actually behind it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceView(
            String name, String type, String clusterIP, List<String> ports, List<EndpointView> endpoints) {}

    /** One address behind a Service: the pod, its IP, whether it is ready to get traffic. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointView(String ip, String pod, boolean ready, List<String> ports) {}

    /** A persistent volume claim. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimView(
            String name, String phase, String volume, String capacity, String storageClass, String createdAt) {}

    /** The autoscaler: replicas now and wanted, the metrics now, its conditions, when it last scaled. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Autoscaler(
            String name,
            Integer minReplicas,
            Integer maxReplicas,
            Integer currentReplicas,
            Integer desiredReplicas,
            Map<String, String> currentMetrics,
            List<Condition> conditions,
            String lastScaleTime) {}
}
