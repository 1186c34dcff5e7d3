/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Down-sampling: points of one target into buckets of a fixed width aligned to the epoch. A bucket's average is the
 * average of the points' averages weighted by how many samples each stands for (only points that measured the series
 * count), its maximum the largest maximum; a series no point measured stays null. A bucket without points is absent.
 */
final class Buckets {
    private Buckets() {}

    static long start(long at, long width) {
        return Math.floorDiv(at, width) * width;
    }

    /** The points, sorted by target then time as the queries return them, combined per target and bucket. */
    static List<Point> combine(List<Point> points, long width) {
        List<Point> out = new ArrayList<>();
        int i = 0;
        while (i < points.size()) {
            Point first = points.get(i);
            long bucket = start(first.at(), width);
            int j = i;
            while (j < points.size()
                    && points.get(j).target().equals(first.target())
                    && points.get(j).scope() == first.scope()
                    && start(points.get(j).at(), width) == bucket) {
                j++;
            }
            out.add(merge(points.subList(i, j), bucket));
            i = j;
        }
        return out;
    }

    private static Point merge(List<Point> group, long bucket) {
        Point first = group.get(0);
        Double[] avg = new Double[Point.SERIES];
        Double[] max = new Double[Point.SERIES];
        int samples = 0;
        for (Point p : group) {
            samples += p.samples();
        }
        for (int s = 0; s < Point.SERIES; s++) {
            double sum = 0;
            long weight = 0;
            Double top = null;
            for (Point p : group) {
                if (p.avg()[s] != null) {
                    sum += p.avg()[s] * p.samples();
                    weight += p.samples();
                }
                Double m = p.max()[s];
                if (m != null && (top == null || m > top)) {
                    top = m;
                }
            }
            avg[s] = weight == 0 ? null : sum / weight;
            max[s] = top;
        }
        return new Point(first.scope(), first.target(), bucket, samples, avg, max);
    }
}
