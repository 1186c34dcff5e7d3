/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.rest.Versions;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * What the config map and secret resources of an appmap answer ({@link ConfigMapsResource}, {@link SecretsResource}):
 * viewers read them (a secret's keys only), developers write them. The ETag of one is its version. Each resource
 * declares its own annotated methods: the JAX-RS whiteboard describes inherited ones without their class's path.
 */
final class ConfigEndpoints {
    private final ConfigChanges changes;
    private final ConfigKind kind;

    ConfigEndpoints(ConfigChanges changes, ConfigKind kind) {
        this.changes = changes;
        this.kind = kind;
    }

    Response list(String service, String appmap) {
        return Response.ok(new GenericEntity<List<ConfigView>>(changes.list(service, appmap, kind)) {})
                .build();
    }

    Response create(String service, String appmap, ConfigInput input, SecurityContext security, UriInfo uri) {
        ConfigView created = changes.create(service, appmap, kind, input, Versions.author(security));
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.name()).build())
                .entity(created)
                .tag(Versions.etag(created.version()))
                .build();
    }

    Response get(String service, String appmap, String name) {
        ConfigView view = changes.get(service, appmap, kind, name);
        return Response.ok(view).tag(Versions.etag(view.version())).build();
    }

    Response replace(String service, String appmap, String name, ConfigInput input, SecurityContext security) {
        ConfigView view = changes.replace(service, appmap, kind, name, input, Versions.author(security));
        return Response.ok(view).tag(Versions.etag(view.version())).build();
    }

    Response delete(String service, String appmap, String name) {
        changes.delete(service, appmap, kind, name);
        return Response.noContent().build();
    }
}
