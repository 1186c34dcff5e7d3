/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The managers that own the platform's writes: services, appmaps and servers are validated, checked by the bundles
 * that make their parts, stored, then placed or applied on their clusters, and undone when a cluster refuses. The
 * store below them only keeps rows. Not exported: other bundles use {@link io.cengjiyun.lifecycle.ServerManager}.
 */
package io.cengjiyun.lifecycle.internal.manage;
