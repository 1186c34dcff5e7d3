/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container with Kubernetes' own field names, so a user can paste it from a manifest. The fields
 * the platform checks are typed; every other Kubernetes container field (probes, lifecycle,
 * securityContext, volumeMounts, ...) is kept as given in {@link #other()} and passed through.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Container(
        String name,
        String image,
        String imagePullPolicy,
        List<String> command,
        List<String> args,
        String workingDir,
        List<EnvVar> env,
        List<ContainerPort> ports,
        Resources resources,
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
