/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The service ports of a server: the contributor that turns a definition's {@code ports} into Service objects
 * ({@link io.cengjiyun.ports.internal.PortsContributor}), their checks, the addresses the applied Services give,
 * and the REST resource and console command that show them. Not exported.
 */
package io.cengjiyun.ports.internal;
