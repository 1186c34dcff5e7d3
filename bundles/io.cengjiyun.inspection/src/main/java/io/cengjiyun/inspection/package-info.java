/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Inspection of servers: what a server is on its cluster (its live objects), the events of those objects, and why it
 * is not running, read from the shared informer caches of the cluster bundle. The views are records, served as JSON by
 * the bundle's REST resources and reused by the console.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cengjiyun.inspection;
