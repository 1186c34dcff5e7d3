/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

/**
 * What POST /users and PUT /users/{user} take. On PUT every field is optional; {@code currentPassword}
 * is required when users change their own password.
 */
public record UserInput(
        String username, String password, String displayName, Boolean platformAdmin, String currentPassword) {}
