/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The hierarchy store: services, appmaps, servers and revisions as rows of the platform's database (the
 * {@link io.cengjiyun.database.Database} service). No REST, no shell, no cluster: the lifecycle bundle's managers run
 * the writes and serve them. Not exported: other bundles use {@link io.cengjiyun.api.HierarchyStore}.
 */
package io.cengjiyun.store.internal;
