/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Users, API tokens, memberships and the audit log on the platform's database ({@link
 * io.cengjiyun.security.internal.Accounts}); the JAX-RS filter that authenticates, authorises and audits every
 * request of every bundle; the REST resources and console commands of all of it. Not exported: other bundles
 * declare what they need with {@link io.cengjiyun.api.security.Allow} and read the
 * {@link io.cengjiyun.api.security.Caller} of a request.
 */
package io.cengjiyun.security.internal;
