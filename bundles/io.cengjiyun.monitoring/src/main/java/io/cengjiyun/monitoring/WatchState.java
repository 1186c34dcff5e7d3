/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A watch of a server that is firing: its rule as written, since when the condition holds, and what was measured.
 *
 * @param rule the rule in words, e.g. {@code cpu above 80 % of the limit for 5 min}
 * @param since when the condition began to hold
 * @param firedAt when the watch fired (the condition held for the rule's minutes)
 * @param value the newest value measured (a percentage, a count of restarts, minutes not ready)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WatchState(
        String service, String appmap, String server, String rule, Instant since, Instant firedAt, double value) {}
