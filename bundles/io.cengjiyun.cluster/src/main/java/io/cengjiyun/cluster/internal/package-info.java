/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The cluster registry: clusters and allotments in the platform's database, kubeconfigs sealed with the
 * platform's key, one live connection per cluster with its informers and a periodic check, and the REST
 * resources and console commands of all of it.
 */
package io.cengjiyun.cluster.internal;
