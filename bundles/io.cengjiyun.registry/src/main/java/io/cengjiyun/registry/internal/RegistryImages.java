/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code registry} section of a server, {@code registry: {name: team-registry, followBuilds: true}}: its containers
 * whose image names no registry host ({@code shop/web:1.4}) run from that registry of the service
 * ({@code <address>/shop/web:1.4}); with {@code followBuilds}, a successful build that pushes one of its images rolls
 * it out as a new revision pinned to the built digest.
 *
 * <p>And on every apply, a server whose image (or an init container's) comes from a registry of its service,
 * {@code <address>/<repository>}, gets that registry's pull secret in its pods' {@code imagePullSecrets}. The secret's
 * name does not change with the password: a new password reaches the pods through the secret itself, without a
 * rollout. Pull secrets the definition lists itself are kept.
 */
@Component(service = {ServerObjectContributor.class, RegistryImages.class})
public class RegistryImages implements ServerObjectContributor {
    static final String SECTION = "registry";
    static final String SCHEMA = """
            {"type": "object", "description": "The service's image registry the server's images come from: every\
             container image without a registry host (shop/web:1.4) is pulled from it. followBuilds: a successful\
             build that pushes one of the server's images rolls it out as a new revision pinned to the built\
             digest.", "additionalProperties": false,
             "properties": {"name": {"type": "string", "description": "A registry of the service", "minLength": 1,\
             "maxLength": 51}, "followBuilds": {"type": "boolean", "default": false}}}
            """;

    private final Registries registries;

    @Activate
    public RegistryImages(@Reference Registries registries) {
        this.registries = registries;
    }

    /** A server's {@code registry} section, read. */
    record Section(String name, boolean followBuilds) {
        static final Section NONE = new Section(null, false);
    }

    @Override
    public Map<String, String> sectionSchemas() {
        return Map.of(SECTION, SCHEMA);
    }

    @Override
    public List<FieldError> validate(AppMap appMap, ServerDefinition definition) {
        Object section = definition.sections().get(SECTION);
        List<FieldError> errors = check(section);
        if (errors.isEmpty() && section != null) {
            String name = read(definition).name();
            if (name != null && registries.usable(appMap.service(), name).isEmpty()) {
                errors.add(new FieldError(
                        SECTION + ".name",
                        "'" + name + "' is not a registry of service '" + appMap.service() + "': give one of "
                                + registries.usable(appMap.service()).stream()
                                        .map(Registry::name)
                                        .toList()
                                + ", or add it first (POST /services/" + appMap.service() + "/registries)"));
            }
        }
        return errors;
    }

    /** Every problem of the section's form; none when it is absent. */
    static List<FieldError> check(Object section) {
        List<FieldError> errors = new ArrayList<>();
        if (section == null) {
            return errors;
        }
        if (!(section instanceof Map<?, ?> map)) {
            errors.add(new FieldError(
                    SECTION, "is not an object: give e.g. {\"name\": \"team-registry\", \"followBuilds\": true}"));
            return errors;
        }
        map.keySet().stream()
                .filter(k -> !"name".equals(k) && !"followBuilds".equals(k))
                .forEach(k -> errors.add(new FieldError(
                        SECTION + "." + k, "is not a field of registry: it has only name and followBuilds")));
        Object name = map.get("name");
        if (name != null && !(name instanceof String)) {
            errors.add(new FieldError(
                    SECTION + ".name", "'" + name + "' is not text: give a registry's name, e.g. \"team-registry\""));
        } else if (name != null && ((String) name).isBlank()) {
            errors.add(new FieldError(SECTION + ".name", "is empty: give a registry's name or leave the field out"));
        }
        Object follow = map.get("followBuilds");
        if (follow != null && !(follow instanceof Boolean)) {
            errors.add(new FieldError(SECTION + ".followBuilds", "'" + follow + "' is not true or false"));
        }
        return errors;
    }

    /** The definition's section, read (its form checked before: {@link #check}). */
    static Section read(ServerDefinition definition) {
        if (!(definition.sections().get(SECTION) instanceof Map<?, ?> map)) {
            return Section.NONE;
        }
        return new Section((String) map.get("name"), Boolean.TRUE.equals(map.get("followBuilds")));
    }

    /** The address of the server's registry, if its section names one that exists. */
    Optional<String> address(String service, ServerDefinition definition) {
        String name = read(definition).name();
        return name == null
                ? Optional.empty()
                : registries.usable(service, name).map(Registry::address);
    }

    @Override
    public void contribute(ServerObjects objects) {
        PodSpec pod = objects.podTemplate().getSpec();
        if (pod == null) {
            return;
        }
        ValidationException.throwIfAny(check(objects.definition().sections().get(SECTION)));
        List<Container> containers = Stream.concat(
                        pod.getContainers() == null ? Stream.<Container>empty() : pod.getContainers().stream(),
                        pod.getInitContainers() == null ? Stream.<Container>empty() : pod.getInitContainers().stream())
                .toList();
        String name = read(objects.definition()).name();
        if (name != null) {
            Registry from = registries
                    .registry(objects.service(), name)
                    .orElseThrow(() -> new ValidationException(List.of(new FieldError(
                            SECTION + ".name",
                            "'" + name + "' is not a registry of service '" + objects.service()
                                    + "' any more: add it again, or change the server's registry"))));
            containers.forEach(c -> c.setImage(RegistryRules.resolve(c.getImage(), from.address())));
        }
        List<String> images = containers.stream().map(Container::getImage).toList();
        if (images.stream().noneMatch(image -> image != null && image.indexOf('/') > 0)) {
            return; // only Docker Hub's short names: no registry of a service to look up
        }
        List<String> needed = new ArrayList<>();
        for (Registry r : registries.usable(objects.service())) {
            if (images.stream().anyMatch(image -> RegistryRules.isFrom(image, r.address()))) {
                needed.add(RegistryRules.secretName(r.name()));
            }
        }
        if (needed.isEmpty()) {
            return;
        }
        List<LocalObjectReference> secrets =
                pod.getImagePullSecrets() == null ? new ArrayList<>() : new ArrayList<>(pod.getImagePullSecrets());
        for (String secret : needed) {
            if (secrets.stream().noneMatch(s -> secret.equals(s.getName()))) {
                secrets.add(new LocalObjectReference(secret));
            }
        }
        pod.setImagePullSecrets(secrets);
    }
}
