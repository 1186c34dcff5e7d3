/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Who may do what: the {@link io.cengjiyun.api.security.Allow} annotation every resource method carries,
 * the rights and roles it names, and the {@link io.cengjiyun.api.security.Caller} of a request.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cengjiyun.api.security;
