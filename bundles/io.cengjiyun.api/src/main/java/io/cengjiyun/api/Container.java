/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container with Kubernetes' own field names, so a user can paste it from a manifest. The fields
 * the platform checks are typed; every other Kubernetes container field (probes, lifecycle,
 * securityContext, volumeMounts, ...) is kept as given in {@link #other()} and passed through.
 */
@Doc("A container, with Kubernetes' field names. The fields below are checked; every other field of a Kubernetes"
        + " container (probes, lifecycle, securityContext, volumeMounts...) is passed through as given")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Container(
        @Doc(
                value = "The container's name, unique in the pod",
                example = "web",
                required = true,
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String name,

        @Doc(value = "The image to run: a reference without white space", example = "nginx:1.27", required = true)
        String image,

        @Doc(
                value = "When the image is pulled; left out: Kubernetes' default (Always for the tag latest,"
                        + " else IfNotPresent)",
                example = "IfNotPresent",
                oneOf = Rules.PullPolicy.class)
        String imagePullPolicy,

        @Doc("The entrypoint, instead of the image's") List<String> command,

        @Doc("The arguments of the entrypoint, instead of the image's")
        List<String> args,

        @Doc(value = "The working directory, instead of the image's", example = "/app")
        String workingDir,

        @Doc("Environment variables, each name once") List<EnvVar> env,

        @Doc("The ports the container listens on; a name or number may be a server port's targetPort")
        List<ContainerPort> ports,

        @Doc("The container's resource requests and limits") Resources resources,
        @JsonIgnore Map<String, Object> other) {

    public Container {
        other = other == null ? new LinkedHashMap<>() : other;
    }

    @JsonAnySetter
    void put(String key, Object value) {
        other.put(key, value);
    }

    @JsonAnyGetter
    Map<String, Object> any() {
        return other;
    }
}
