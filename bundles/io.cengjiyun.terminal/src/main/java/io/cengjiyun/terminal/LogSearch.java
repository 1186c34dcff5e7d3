/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal;

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
public record LogSearch(
        String query,
        boolean regex,
        int tail,
        String since,
        List<String> containers,
        int searched,
        int matches,
        boolean truncated,
        List<LogLine> lines) {}
