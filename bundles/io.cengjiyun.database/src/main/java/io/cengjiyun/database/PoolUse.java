/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database;

/**
 * How the database's connections are used at one moment, for metrics.
 *
 * @param active  connections in use by a unit of work
 * @param idle    open connections waiting in the pool
 * @param total   open connections, in use or idle
 * @param waiting calls waiting for a connection
 * @param max     the most connections the platform opens ({@code maxConnections} of configuration
 *                {@code io.cengjiyun.database}); while the pool refills after the database came back, calls may
 *                use connections of their own beyond it for a few seconds
 */
public record PoolUse(int active, int idle, int total, int waiting, int max) {}
