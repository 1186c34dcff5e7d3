/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The inspector: the cache request for the kinds it reads, the snapshot of a server's live objects, the pure functions
 * that turn it into views, merged events and causes, and the REST resources and console commands. Not exported.
 */
package io.cengjiyun.inspection.internal;
