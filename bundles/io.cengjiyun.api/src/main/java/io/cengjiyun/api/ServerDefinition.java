package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a user wants of a server: its containers and the orchestration objects around them. The
 * platform stores it as a numbered revision; the cluster is never the only copy.
 *
 * <p>{@code tolerations} and {@code affinity} are the pod's, in Kubernetes' own form, passed through as given
 * (a user pastes them from a manifest). {@code job} is only for a Job or a CronJob.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServerDefinition(
        String name,
        ServerKind kind,
        Integer replicas,
        List<Container> initContainers,
        List<Container> containers,
        List<ServerPort> ports,
        List<Volume> volumes,
        UpdateStrategy updateStrategy,
        Autoscaling autoscaling,
        Map<String, String> labels,
        Map<String, String> annotations,
        Map<String, String> nodeSelector,
        String schedule,
        List<Map<String, Object>> tolerations,
        Map<String, Object> affinity,
        String serviceAccountName,
        Integer terminationGracePeriodSeconds,
        JobSettings job) {

    public ServerDefinition withName(String newName) {
        return new ServerDefinition(newName, kind, replicas, initContainers, containers, ports, volumes,
                updateStrategy, autoscaling, labels, annotations, nodeSelector, schedule, tolerations, affinity,
                serviceAccountName, terminationGracePeriodSeconds, job);
    }
}
