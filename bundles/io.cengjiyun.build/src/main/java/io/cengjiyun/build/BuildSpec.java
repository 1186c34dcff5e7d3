/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.registry.RegistryAccess;
import java.util.Map;

/**
 * One build, checked: where it runs (the appmap's namespace and cluster), its context (a tar.gz), the Dockerfile's path
 * in it, its build arguments, the image to push ({@code <registry address>/<repository>:<tag>}) and the registry's
 * credentials (to pull its base images from and push to).
 *
 * @param id the build's id: lower-case letters and digits
 */
public record BuildSpec(
        String id,
        AppMap appMap,
        byte[] context,
        String dockerfile,
        Map<String, String> args,
        String image,
        RegistryAccess.Credentials registry) {}
