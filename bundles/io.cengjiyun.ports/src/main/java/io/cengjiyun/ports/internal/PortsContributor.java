/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerPort;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes a server's {@code ports} real: checks them ({@link PortRules}), refuses node ports another Service holds
 * ({@link NodePortCheck}) and adds the server's Services ({@link PortServices}).
 */
@Component(service = ServerObjectContributor.class)
public final class PortsContributor implements ServerObjectContributor {
    private final ClusterServices services;

    @Activate
    public PortsContributor(@Reference ClusterRegistry clusters) {
        this(new LiveClusterServices(clusters));
    }

    PortsContributor(ClusterServices services) {
        this.services = services;
    }

    /** The JSON Schema of {@code ports}; {@link PortRules} checks what a schema cannot say. */
    static final String SCHEMA = """
            {"type": "array", "description": "The server's ports: one Service of the server's name (and its\
             headless Service for a StatefulSet) with these ports.",
             "items": {"type": "object", "additionalProperties": false, "required": ["name", "port"],
              "properties": {
               "name": {"type": "string", "maxLength": 15, "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
               "port": {"type": "integer", "minimum": 1, "maximum": 65535},
               "targetPort": {"oneOf": [{"type": "integer", "minimum": 1, "maximum": 65535}, {"type": "string"}]},
               "protocol": {"type": "string", "enum": ["TCP", "UDP"], "default": "TCP"},
               "exposure": {"type": "string", "enum": ["ClusterIP", "NodePort", "LoadBalancer", "Headless"],
                "default": "ClusterIP"},
               "nodePort": {"type": "integer", "minimum": 30000, "maximum": 32767}}}}
            """;

    @Override
    public Map<String, String> sectionSchemas() {
        return Map.of("ports", SCHEMA);
    }

    @Override
    public List<FieldError> validate(AppMap appMap, ServerDefinition definition) {
        return PortRules.check(definition);
    }

    @Override
    public void contribute(ServerObjects objects) {
        ServerDefinition def = objects.definition();
        List<ServerPort> ports = def.ports();
        if (ports == null || ports.isEmpty()) {
            return;
        }
        ValidationException.throwIfAny(PortRules.check(def));
        if (objects.cluster() != null && NodePortCheck.anyFixed(ports)) {
            NodePortCheck.check(
                    objects.cluster(), objects.namespace(), objects.server(), ports, services.list(objects.cluster()));
        }
        PortServices.of(
                        objects.server(),
                        def.kind(),
                        ports,
                        PortServices.selector(objects.server(), objects.podTemplate()))
                .forEach(objects::add);
    }
}
