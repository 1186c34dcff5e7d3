/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.monitoring.Scope;
import io.cengjiyun.monitoring.Series;
import java.util.Arrays;

/**
 * One target's values at one time, or over one bucket of a down-sampled resolution: the average and the maximum of
 * each series (equal for a raw sample), null where nothing was measured.
 *
 * @param at epoch milliseconds: the round's start, or the bucket's start
 * @param samples how many raw samples the point stands for
 */
record Point(Scope scope, String target, long at, int samples, Double[] avg, Double[] max) {
    static final int SERIES = Series.values().length;

    /** An empty raw point, to be filled by {@link #add}. */
    static Point raw(Scope scope, String target, long at) {
        return new Point(scope, target, at, 1, new Double[SERIES], new Double[SERIES]);
    }

    /** Adds a measured value to a raw point's series (a sum over pods); null adds nothing. */
    void add(Series s, Double value) {
        if (value == null) {
            return;
        }
        int i = s.ordinal();
        avg[i] = avg[i] == null ? value : avg[i] + value;
        max[i] = avg[i];
    }

    /** Sets a raw point's series. */
    void set(Series s, Double value) {
        avg[s.ordinal()] = value;
        max[s.ordinal()] = value;
    }

    Double avg(Series s) {
        return avg[s.ordinal()];
    }

    Double max(Series s) {
        return max[s.ordinal()];
    }

    @Override
    public String toString() {
        return scope.id() + " " + target + " @" + at + " x" + samples + " avg=" + Arrays.toString(avg) + " max="
                + Arrays.toString(max);
    }
}
