/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user wants of a server: its containers and the orchestration objects around them. The
 * platform stores it as a numbered revision; the cluster is never the only copy.
 *
 * <p>{@code tolerations} and {@code affinity} are the pod's, in Kubernetes' own form, passed through as given
 * (a user pastes them from a manifest). {@code job} is only for a Job or a CronJob.
 *
 * <p>The definition is open: every other top-level section (an extension bundle's, e.g. {@code hello}) is kept in
 * {@link #sections()} as given (JSON values: maps, lists, strings, numbers, booleans) and written back as it came,
 * so a stored revision round-trips whatever the contributors running now. A section is checked, and made real, by
 * the running contributor that owns it; one that none owns is refused before anything is stored.
 */
@Doc("What a user wants of a server: its controller's kind, its containers and the objects around them (ports,"
        + " volumes, autoscaler). Every other top-level section is an extension bundle's, kept as given; one that no"
        + " running bundle owns is refused (503)")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServerDefinition(
        @Doc(
                value = "The server's name, unique in its appmap; its controller and Services are named after it."
                        + " Required on create; on update it may be left out (the path's), since a server cannot"
                        + " be renamed",
                example = "web",
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String name,

        @Doc(value = "The controller that runs the pods", example = "Deployment", required = true)
        ServerKind kind,

        @Doc(
                value =
                        "How many pods a Deployment or StatefulSet runs; left out: 1. Not for a DaemonSet (one pod"
                                + " per node), a Job or a CronJob (see `job`); while autoscaling is on, the autoscaler sets them",
                example = "3",
                minimum = 0,
                maximum = Rules.MAX_REPLICAS)
        Integer replicas,

        @Doc("Containers that run to completion, one after the other, before the containers start")
        List<Container> initContainers,

        @Doc(value = "The pod's containers: at least one, each with its own name", required = true)
        List<Container> containers,

        @Doc("The ports the server is reached on, through one Kubernetes Service (the bundle io.cengjiyun.ports makes"
                + " them; all ports share one exposure)")
        List<ServerPort> ports,

        @Doc("The volumes mounted in every container (the bundle io.cengjiyun.volumes makes them)")
        List<Volume> volumes,

        @Doc("How the pods are replaced when the definition changes; not for a Job or a CronJob")
        UpdateStrategy updateStrategy,

        @Doc("A HorizontalPodAutoscaler between bounds, for a Deployment or a StatefulSet; it then sets the replicas")
        Autoscaling autoscaling,

        @Doc("Labels of the pods and the controller: keys with an optional DNS prefix and '/', values of at most "
                + Rules.MAX_LABEL_VALUE + " letters, digits, '-', '_' and '.'")
        Map<String, String> labels,

        @Doc("Annotations of the pods and the controller; keys as labels', values free")
        Map<String, String> annotations,

        @Doc("The labels a node must have to run the pods; keys and values as labels'")
        Map<String, String> nodeSelector,

        @Doc(
                value = "When a CronJob runs: a cron schedule of five fields, or a macro such as @daily. Required"
                        + " for a CronJob, refused for the other kinds",
                example = "*/5 * * * *",
                pattern = Rules.CRON)
        String schedule,

        @Doc("The pod's tolerations, in Kubernetes' form (key, operator Exists or Equal, value, effect NoSchedule,"
                + " PreferNoSchedule or NoExecute, tolerationSeconds for NoExecute)")
        List<Map<String, Object>> tolerations,

        @Doc("The pod's affinity, in Kubernetes' form (nodeAffinity, podAffinity, podAntiAffinity), passed through")
        Map<String, Object> affinity,

        @Doc(
                value = "The Kubernetes service account the pods run as; left out: the namespace's default",
                example = "deployer",
                pattern = Rules.DNS_SUBDOMAIN,
                maxLength = Rules.MAX_SUBDOMAIN)
        String serviceAccountName,

        @Doc(
                value = "How long a pod may take to stop after SIGTERM before it is killed, in seconds; left out:"
                        + " Kubernetes' 30",
                example = "30",
                minimum = 0)
        Integer terminationGracePeriodSeconds,

        @Doc("How a Job or a CronJob runs to completion; only for those kinds")
        JobSettings job,

        @JsonIgnore Map<String, Object> sections) {

    @JsonCreator
    public ServerDefinition {
        sections = sections == null ? new LinkedHashMap<>() : new LinkedHashMap<>(sections);
    }

    /** A definition without other sections. */
    public ServerDefinition(
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
        this(
                name,
                kind,
                replicas,
                initContainers,
                containers,
                ports,
                volumes,
                updateStrategy,
                autoscaling,
                labels,
                annotations,
                nodeSelector,
                schedule,
                tolerations,
                affinity,
                serviceAccountName,
                terminationGracePeriodSeconds,
                job,
                null);
    }

    /** The top-level sections other than the core fields, ports, volumes and autoscaling, as given; read-only. */
    @Override
    @JsonIgnore
    public Map<String, Object> sections() {
        return Collections.unmodifiableMap(sections);
    }

    /** This definition with the section set to {@code value}, or removed when it is null. */
    public ServerDefinition withSection(String section, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(sections);
        if (value == null) {
            changed.remove(section);
        } else {
            changed.put(section, value);
        }
        return copy(name, replicas, ports, autoscaling, changed);
    }

    public ServerDefinition withName(String newName) {
        return copy(newName, replicas, ports, autoscaling, sections);
    }

    /** This definition with other replicas, as a scale stores it. */
    public ServerDefinition withReplicas(Integer newReplicas) {
        return copy(name, newReplicas, ports, autoscaling, sections);
    }

    /** This definition with other ports ({@code []}: none), as a PUT of a server's ports stores it. */
    public ServerDefinition withPorts(List<ServerPort> newPorts) {
        return copy(
                name, replicas, newPorts == null ? null : new java.util.ArrayList<>(newPorts), autoscaling, sections);
    }

    /** This definition with other autoscaling bounds (null: off). */
    public ServerDefinition withAutoscaling(Autoscaling newAutoscaling) {
        return copy(name, replicas, ports, newAutoscaling, sections);
    }

    /** The one copy of every field: the parts the platform changes are its parameters. */
    private ServerDefinition copy(
            String newName,
            Integer newReplicas,
            List<ServerPort> newPorts,
            Autoscaling newAutoscaling,
            Map<String, Object> newSections) {
        return new ServerDefinition(
                newName,
                kind,
                newReplicas,
                initContainers,
                containers,
                newPorts,
                volumes,
                updateStrategy,
                newAutoscaling,
                labels,
                annotations,
                nodeSelector,
                schedule,
                tolerations,
                affinity,
                serviceAccountName,
                terminationGracePeriodSeconds,
                job,
                newSections);
    }

    @JsonAnySetter
    void putSection(String section, Object value) {
        sections.put(section, value);
    }

    @JsonAnyGetter
    Map<String, Object> anySections() {
        return sections;
    }
}
