/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The platform's database and what every module's tables share: the {@link io.cengjiyun.database.Database} service
 * with per-module migrations, the use of its connections, UTC times, SQL states, the data folder, and sealing values at rest.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.cengjiyun.database;
