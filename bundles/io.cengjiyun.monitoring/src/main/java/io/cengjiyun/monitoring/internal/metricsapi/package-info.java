/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The resource metrics API ({@code metrics.k8s.io/v1beta1} NodeMetrics and PodMetrics) served from the newest samples
 * to clusters that have none: a TLS listener that only the clusters' API servers (their front-proxy client
 * certificate) may call, each caller authorised by a SubjectAccessReview; the APIService, Service and Endpoints
 * registered on each cluster and removed again; the {@code cj:metricsapi} status. Not exported.
 */
package io.cengjiyun.monitoring.internal.metricsapi;
