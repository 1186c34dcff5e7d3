/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Helpers for the Gogo commands of every bundle. Commands in scope {@code cj} that only read list
 * themselves in the service property {@value io.cengjiyun.api.shell.Commands#READ_ONLY}; every other
 * {@code cj} command line is audited.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cengjiyun.api.shell;
