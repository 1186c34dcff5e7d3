/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Monitoring of servers, appmaps, services and nodes: the newest samples of each cluster ({@link Samples}, also what
 * the resource metrics API serves), the history queries and the use against requests, limits and quota, as the
 * bundle's REST resources answer them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cengjiyun.monitoring;
