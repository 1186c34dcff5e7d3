/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
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
@Doc("A watch of a server that is firing")
public record WatchState(
        @Doc(value = "The service's name", example = "shop") String service,
        @Doc(value = "The appmap's name", example = "dev") String appmap,
        @Doc(value = "The server's name", example = "web") String server,

        @Doc(value = "The rule in words", example = "cpu above 80 % of the limit for 5 min")
        String rule,

        @Doc("When the condition began to hold") Instant since,

        @Doc("When the watch fired (the condition held for the rule's minutes)")
        Instant firedAt,

        @Doc(
                value = "The newest value measured: a percentage, a count of restarts, or minutes not ready",
                example = "91.5")
        double value) {}
