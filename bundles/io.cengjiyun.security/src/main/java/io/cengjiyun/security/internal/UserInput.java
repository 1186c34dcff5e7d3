/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.doc.Doc;

/**
 * What POST /users and PUT /users/{user} take. On PUT every field is optional; {@code currentPassword}
 * is required when users change their own password.
 */
@Doc("A user to create (POST /users), or the fields of one to change (PUT /users/{user}: each optional)")
public record UserInput(
        @Doc(
                value = "The user name: required to create (lower-case letters, digits, '.', '_' or '-',"
                        + " starting and ending alphanumeric; not anonymous, console or system); on a"
                        + " change, leave it out or give the path's",
                example = "ana",
                pattern = Accounts.USERNAME_PATTERN,
                maxLength = Accounts.MAX_USERNAME)
        String username,

        @Doc(
                value = "The password: required to create; on a change, the new one",
                example = "correct-horse-battery",
                minLength = Passwords.MIN_LENGTH,
                maxLength = Passwords.MAX_LENGTH)
        String password,

        @Doc(
                value = "The name shown in the console, without control characters",
                example = "Ana Lima",
                maxLength = Accounts.MAX_DISPLAY_NAME)
        String displayName,

        @Doc(
                value = "Whether the user is a platform administrator; only a platform administrator may"
                        + " change it",
                example = "false",
                defaultValue = "false")
        Boolean platformAdmin,

        @Doc(
                value = "The user's present password: required when users change their own password,"
                        + " refused on create",
                example = "old-horse-battery-staple")
        String currentPassword) {}
