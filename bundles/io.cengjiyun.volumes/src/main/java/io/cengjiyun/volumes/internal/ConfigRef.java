/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

/**
 * What a server's apply needs to know of one stored config map or secret, without its data: whether servers roll
 * when it changes, and the digest of its data that says it changed.
 */
record ConfigRef(ConfigKind kind, String name, boolean restartServers, String digest) {}
