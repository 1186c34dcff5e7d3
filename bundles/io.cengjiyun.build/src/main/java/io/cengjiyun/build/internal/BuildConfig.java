/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the build bundle, PID {@value BuildQueue#PID}; the defaults need no file. */
@ObjectClassDefinition(name = "Cengjiyun builds", description = "Image builds of the services")
public @interface BuildConfig {
    @AttributeDefinition(description = "How many builds run at once on this runtime (1 to 16); the others wait")
    int maxConcurrent() default 2;

    @AttributeDefinition(description = "The builder image of the build Jobs: buildah and a shell")
    String builderImage() default "cengjiyun.test/buildah:1";

    @AttributeDefinition(description = "The longest a build may run, in minutes (1 to 240)")
    int timeoutMinutes() default 30;

    @AttributeDefinition(
            description = "The largest context (tar.gz) accepted, in KiB (up to 768: it travels in a Secret)")
    int maxContextKiB() default 768;

    @AttributeDefinition(description = "What a build Job's container requests and may use (counted against the quota)")
    String cpuRequest() default "100m";

    String cpuLimit() default "1";

    String memoryRequest() default "128Mi";

    String memoryLimit() default "1Gi";
}
