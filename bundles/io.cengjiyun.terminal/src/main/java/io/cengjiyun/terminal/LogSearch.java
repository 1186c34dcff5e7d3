/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal;

import io.cengjiyun.api.doc.Doc;
import java.util.List;

/**
 * The answer of a log search over a bounded window: the last {@code tail} lines of each container searched (since a
 * time, if given), in time order.
 *
 * @param matches how many lines of the window matched
 * @param searched how many lines were searched
 * @param lines the matching lines, at most {@code limit} of them (the newest)
 * @param truncated true when more lines matched than are shown
 */
@Doc("The answer of a log search over the last lines of each container")
public record LogSearch(
        @Doc(value = "The text or pattern searched for", example = "ERROR")
        String query,

        @Doc(value = "Whether it was a regular expression", example = "false")
        boolean regex,

        @Doc(value = "The lines of each container searched at most; -1: all", example = "5000")
        int tail,

        @Doc(value = "Since when, as asked (`600s` or an ISO-8601 time); null when not asked", example = "600s")
        String since,

        @Doc("The containers searched, as `pod/container`, a previous instance with ` (previous)`")
        List<String> containers,

        @Doc(value = "How many lines were searched", example = "4210")
        int searched,

        @Doc(value = "How many of them matched", example = "12")
        int matches,

        @Doc(value = "Whether more lines matched than are shown", example = "false")
        boolean truncated,

        @Doc("The matching lines shown, the newest `limit` of them, in time order")
        List<LogLine> lines) {}
