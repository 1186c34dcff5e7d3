/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The volumes of a server: the contributor that turns a definition's {@code volumes} into persistent volume claims
 * (or a StatefulSet's claim templates), pod volumes and mounts ({@link io.cengjiyun.volumes.internal.VolumesContributor});
 * the config maps and secrets of an appmap, kept in the platform's database and applied to its namespace; the REST
 * resources and console commands for them and for the claims' status. Not exported.
 */
package io.cengjiyun.volumes.internal;
