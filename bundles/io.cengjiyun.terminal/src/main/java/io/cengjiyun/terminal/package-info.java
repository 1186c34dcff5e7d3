/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Terminals and logs of servers: the records the bundle's REST resources answer with (terminal sessions and their
 * settings, log lines and searches), reused by the console.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cengjiyun.terminal;
