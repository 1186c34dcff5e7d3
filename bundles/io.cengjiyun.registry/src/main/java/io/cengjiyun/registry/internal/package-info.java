/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The image registries of a service: stored with their password sealed at rest ({@link
 * io.cengjiyun.registry.internal.Registries}); an image pull secret per registry in every appmap namespace of the
 * service, kept in sync on every change and for every new appmap ({@link io.cengjiyun.registry.internal.PullSecrets});
 * the pull secrets of the registries a server's images come from added to its pods ({@link
 * io.cengjiyun.registry.internal.RegistryImages}); the REST resource and console commands. Not exported.
 */
package io.cengjiyun.registry.internal;
