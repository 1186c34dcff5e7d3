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
