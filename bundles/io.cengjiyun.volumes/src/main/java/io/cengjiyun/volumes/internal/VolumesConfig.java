/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the volumes bundle, PID {@value AppConfigs#PID}; the defaults need no file. */
@ObjectClassDefinition(name = "Cengjiyun volumes", description = "Config maps and secrets of the appmaps")
public @interface VolumesConfig {
    @AttributeDefinition(
            description = "File of the key that seals the secrets' data in the database; empty for"
                    + " volumes.key in the data folder. Made (owner-only) on first use.")
    String keyFile() default "";
}
