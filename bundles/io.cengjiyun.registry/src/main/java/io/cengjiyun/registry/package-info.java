/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What other bundles may ask of a service's image registries: their address and credentials, to push or pull
 * ({@link io.cengjiyun.registry.RegistryAccess}), for the image builds.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cengjiyun.registry;
