/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.security;

/** A user's place in a service: a role, and whether they may open terminals into its containers. */
public record Membership(String user, Role role, boolean terminal) {}
