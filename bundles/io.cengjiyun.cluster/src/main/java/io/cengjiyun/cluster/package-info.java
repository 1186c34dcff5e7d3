/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Registered Kubernetes clusters: one fabric8 client each, shared informer caches of what the platform reads,
 * the API versions each cluster serves, and the allotments of clusters (with quota) to services.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.cengjiyun.cluster;
