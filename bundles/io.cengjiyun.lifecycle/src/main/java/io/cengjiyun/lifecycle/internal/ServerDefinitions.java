/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;

/**
 * For entry points that name a server in their path ({@code PUT .../servers/{server}}): the store finds
 * the server by its definition's name, so that name must be the path's.
 */
public final class ServerDefinitions {
    private ServerDefinitions() {}

    /**
     * The definition to store for the server {@code pathName}: given without a name, it takes the path's.
     *
     * @throws ValidationException on field {@code name} if the definition names another server
     */
    public static ServerDefinition forPath(String pathName, ServerDefinition definition) {
        if (definition.name() == null || definition.name().isEmpty()) {
            return definition.withName(pathName);
        }
        if (!definition.name().equals(pathName)) {
            throw new ValidationException(
                    "name",
                    "'" + definition.name() + "' differs from the server '" + pathName
                            + "' in the path: a server cannot be renamed; create the new one and delete the old one");
        }
        return definition;
    }
}
