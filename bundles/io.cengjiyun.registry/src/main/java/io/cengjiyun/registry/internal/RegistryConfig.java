/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the registry bundle, PID {@value Registries#PID}; the defaults need no file. */
@ObjectClassDefinition(name = "Cengjiyun registries", description = "Image registries of the services")
public @interface RegistryConfig {
    @AttributeDefinition(
            description = "File of the key that seals the registries' passwords in the database; empty for"
                    + " registry.key in the data folder. Made (owner-only) on first use.")
    String keyFile() default "";
}
