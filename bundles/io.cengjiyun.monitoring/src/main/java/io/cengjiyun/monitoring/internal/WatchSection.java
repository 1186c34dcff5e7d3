/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Owns the {@code watches} section of a server definition: checks its rules; it adds no object to the cluster (the
 * monitoring bundle evaluates the rules itself, {@link Watches}). Needs no service, so the lifecycle may bind it.
 */
@Component(service = ServerObjectContributor.class)
public final class WatchSection implements ServerObjectContributor {

    @Override
    public Map<String, String> sectionSchemas() {
        return Map.of(WatchRule.SECTION, WatchRule.SCHEMA);
    }

    @Override
    public List<FieldError> validate(AppMap appMap, ServerDefinition definition) {
        List<FieldError> errors = new ArrayList<>();
        WatchRule.parse(definition.sections().get(WatchRule.SECTION), errors);
        return errors;
    }

    @Override
    public void contribute(ServerObjects objects) {
        // Nothing on the cluster: the rules are evaluated by the platform on every sampling round.
    }
}
