/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One event of a server's object, de-duplicated: the same object, type, reason and message seen {@code count} times
 * between {@code firstSeen} and {@code lastSeen} (ISO-8601).
 *
 * @param object the object it is about, as {@code Kind/name}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(
        String type,
        String reason,
        String message,
        String object,
        int count,
        String firstSeen,
        String lastSeen,
        String source) {}
