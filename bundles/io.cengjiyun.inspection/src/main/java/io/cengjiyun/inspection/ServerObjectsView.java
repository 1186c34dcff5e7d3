/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.util.List;
import java.util.Map;

/**
 * A server's live objects as the cluster has them now (times ISO-8601). Each object can also be read raw, as the cluster
 * has it, under {@code objects/<kind>/<name>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("A server's live objects as the cluster has them now")
public record ServerObjectsView(
        @Doc(value = "The server's name", example = "web") String server,

        @Doc(value = "The namespace of its objects", example = "shop-dev")
        String namespace,

        @Doc("Its controller; absent when it is not on the cluster")
        Controller controller,

        @Doc("Its ReplicaSets (Deployment) or ControllerRevisions (StatefulSet, DaemonSet)")
        List<Revision> revisions,

        @Doc("Its pods") List<PodView> pods,
        @Doc("Its Services with the endpoints behind them") List<ServiceView> services,
        @Doc("Its persistent volume claims") List<ClaimView> claims,
        @Doc("Its autoscaler; absent when it has none") Autoscaler autoscaler) {

    /**
     * The controller: Deployment, StatefulSet, DaemonSet, Job or CronJob.
     *
     * @param revision the platform revision it was last applied from
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("A server's controller, with its counts (absent where its kind has none) and conditions")
    public record Controller(
            @Doc(value = "Deployment, StatefulSet, DaemonSet, Job or CronJob", example = "Deployment")
            String kind,

            @Doc(value = "Its name", example = "web") String name,

            @Doc(value = "The platform revision it was last applied from", example = "4")
            Long revision,

            @Doc(value = "Its metadata.generation", example = "7")
            Long generation,

            @Doc(value = "The generation its controller has seen", example = "7")
            Long observedGeneration,

            @Doc(value = "Pods wanted (Job: completions)", example = "2")
            Integer desired,

            @Doc(value = "Pods there are (Job: active)", example = "2")
            Integer current,

            @Doc(value = "Pods of the newest template (Job: succeeded)", example = "2")
            Integer updated,

            @Doc(value = "Pods ready", example = "2") Integer ready,
            @Doc(value = "Pods available", example = "2") Integer available,
            @Doc("Its status conditions") List<Condition> conditions,

            @Doc(value = "When it was created", format = "date-time")
            String createdAt) {}

    /** A condition of an object, as the cluster reports it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("A condition of an object, as the cluster reports it")
    public record Condition(
            @Doc(value = "The condition's type", example = "Available")
            String type,

            @Doc(value = "True, False or Unknown", example = "True")
            String status,

            @Doc(value = "Its reason", example = "MinimumReplicasAvailable")
            String reason,

            @Doc("Its message") String message,

            @Doc(value = "When its status last changed", format = "date-time")
            String lastTransition) {}

    /**
     * A ReplicaSet (Deployment) or ControllerRevision (StatefulSet, DaemonSet) with the platform revision it carries.
     *
     * @param clusterRevision the cluster's own revision number of it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("A ReplicaSet or ControllerRevision with the platform revision it carries")
    public record Revision(
            @Doc(value = "ReplicaSet or ControllerRevision", example = "ReplicaSet")
            String kind,

            @Doc(value = "Its name", example = "web-7d9c") String name,

            @Doc(value = "The platform revision it carries; absent when none", example = "4")
            Long revision,

            @Doc(value = "The cluster's own revision number of it", example = "6")
            Long clusterRevision,

            @Doc(value = "Its pods (ReplicaSets only)", example = "2")
            Integer replicas,

            @Doc(value = "Its ready pods (ReplicaSets only)", example = "2")
            Integer ready,

            @Doc("The images of its pod template (ReplicaSets only)")
            List<String> images,

            @Doc(value = "When it was created", format = "date-time")
            String createdAt) {}

    /** A pod and its containers. {@code ready} as {@code 1/2}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("A pod of the server and its containers")
    public record PodView(
            @Doc(value = "The pod's name", example = "web-7d9c-x2x")
            String name,

            @Doc(value = "Its phase: Pending, Running, Succeeded, Failed or Unknown", example = "Running")
            String phase,

            @Doc(value = "Ready containers of all, as `ready/total`", example = "1/1")
            String ready,

            @Doc(value = "Restarts of its containers, summed", example = "0")
            int restarts,

            @Doc(value = "The node it runs on", example = "worker-1")
            String node,

            @Doc(value = "Its IP", example = "10.244.1.17") String podIP,

            @Doc(value = "The platform revision of its ReplicaSet (Deployments)", example = "4")
            Long revision,

            @Doc(value = "When it was created", format = "date-time")
            String createdAt,

            @Doc(value = "When its deletion was asked for; absent unless it is being deleted", format = "date-time")
            String deleting,

            @Doc("Its containers, in the order of its spec") List<ContainerView> containers) {}

    /**
     * A container: its state ({@code running}, {@code waiting} or {@code terminated}) with reason and message, and its
     * last termination.
     *
     * @param imageID the image digest it really runs, once started
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("A container of a pod: its state and its last termination")
    public record ContainerView(
            @Doc(value = "The container's name", example = "web")
            String name,

            @Doc(value = "The image it is to run", example = "nginx:1.27")
            String image,

            @Doc(
                    value = "The image digest it really runs, once started",
                    example = "docker.io/library/nginx@sha256:...")
            String imageID,

            @Doc(value = "Whether it is ready", example = "true")
            boolean ready,

            @Doc(value = "How often it restarted", example = "0")
            int restarts,

            @Doc(value = "`running`, `waiting` or `terminated`", example = "running")
            String state,

            @Doc(value = "Why it waits or ended (NotCreated: no status yet)", example = "CrashLoopBackOff")
            String reason,

            @Doc("The message of its state") String message,

            @Doc(value = "Its exit code, when terminated", example = "1")
            Integer exitCode,

            @Doc(value = "When it started (running or terminated)", format = "date-time")
            String startedAt,

            @Doc("How its previous instance ended; absent when it never restarted")
            Termination lastTermination) {}

    /** How a container ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("How a container ended")
    public record Termination(
            @Doc(value = "Why", example = "OOMKilled") String reason,
            @Doc(value = "Its exit code", example = "137") Integer exitCode,

            @Doc(value = "When it ended", format = "date-time")
            String finishedAt,

            @Doc("Its message") String message) {}

    /** A Service and the endpoints actually behind it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("A Service of the server and the endpoints actually behind it")
    public record ServiceView(
            @Doc(value = "The Service's name", example = "web")
            String name,

            @Doc(value = "ClusterIP, NodePort, LoadBalancer or ExternalName", example = "ClusterIP")
            String type,

            @Doc(value = "Its cluster IP", example = "10.96.12.34")
            String clusterIP,

            @Doc("Its ports in words: `[name ]port/protocol[ -> target][ (node port n)]`, e.g. `http 80/TCP -> 8080`")
            List<String> ports,

            @Doc("The addresses behind it, ready or not") List<EndpointView> endpoints) {}

    /** One address behind a Service: the pod, its IP, whether it is ready to get traffic. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One address behind a Service")
    public record EndpointView(
            @Doc(value = "The address", example = "10.244.1.17")
            String ip,

            @Doc(value = "The pod it belongs to", example = "web-7d9c-x2x")
            String pod,

            @Doc(value = "Whether it is ready to get traffic", example = "true")
            boolean ready,

            @Doc("Its ports as `[name ]port`, e.g. `http 8080`")
            List<String> ports) {}

    /** A persistent volume claim. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("A persistent volume claim of the server")
    public record ClaimView(
            @Doc(value = "The claim's name", example = "data-db-0")
            String name,

            @Doc(value = "Pending, Bound or Lost", example = "Bound")
            String phase,

            @Doc(value = "The volume bound to it", example = "pvc-3f1c...")
            String volume,

            @Doc(value = "Its capacity (a Kubernetes quantity)", example = "10Gi")
            String capacity,

            @Doc(value = "Its storage class", example = "standard")
            String storageClass,

            @Doc(value = "When it was created", format = "date-time")
            String createdAt) {}

    /** The autoscaler: replicas now and wanted, the metrics now, its conditions, when it last scaled. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("The server's autoscaler")
    public record Autoscaler(
            @Doc(value = "Its name", example = "web") String name,

            @Doc(value = "The fewest replicas", example = "2")
            Integer minReplicas,

            @Doc(value = "The most replicas", example = "10")
            Integer maxReplicas,

            @Doc(value = "Replicas now", example = "3") Integer currentReplicas,
            @Doc(value = "Replicas it wants", example = "3") Integer desiredReplicas,

            @Doc("Each metric's value now, by resource (`cpu`: `65%` or an average value; `unknown` when not"
                    + " measured yet); other metric types say to see the raw object")
            Map<String, String> currentMetrics,

            @Doc("Its status conditions") List<Condition> conditions,

            @Doc(value = "When it last scaled", format = "date-time")
            String lastScaleTime) {}
}
