/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import java.util.Map;

/**
 * A config map or secret as a client sends it. {@code restartServers}: the servers that use it roll when its data
 * changes (kept with it; absent means false).
 */
public record ConfigInput(String name, Map<String, String> data, Boolean restartServers) {}
