/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The security bundle's API for the endpoints outside the REST layer (a WebSocket upgrade is a servlet request, not a
 * Jakarta REST one, so the security filter does not see it): authenticate a caller the way the filter does, issue and
 * redeem single-use tickets, check a browser's {@code Origin}, and write to the audit log.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cengjiyun.security;
