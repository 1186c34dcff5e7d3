/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.inspection.RevisionDiff.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Differences between two texts (unified, line by line) and between two JSON trees (field by field): pure. */
final class Diffs {
    static final int CONTEXT = 3;

    private Diffs() {}

    /**
     * A unified diff of two texts as GNU {@code diff -u} writes it (3 lines of context, hunks closer than 6 lines
     * merged, removals before additions); empty when they are equal. The lines
     * in common are found as a longest common subsequence (the texts are definitions and objects: hundreds of lines).
     */
    static String unified(String fromName, String from, String toName, String to) {
        List<String> a = from.lines().toList();
        List<String> b = to.lines().toList();
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // The edit script: ' ' kept, '-' only in a, '+' only in b, with each line's number in a and b.
        List<char[]> ops = new ArrayList<>();
        List<int[]> at = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new char[] {' '});
                at.add(new int[] {i++, j++});
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] {'-'});
                at.add(new int[] {i++, j});
            } else {
                ops.add(new char[] {'+'});
                at.add(new int[] {i, j++});
            }
        }
        StringBuilder out = new StringBuilder();
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            // A hunk: from CONTEXT lines before this change to CONTEXT after the last change that is near enough.
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int lastChange = k;
            while (end < ops.size() && end - lastChange <= 2 * CONTEXT) {
                if (ops.get(end)[0] != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = at.get(start)[0];
            int bStart = at.get(start)[1];
            int aCount = 0;
            int bCount = 0;
            StringBuilder hunk = new StringBuilder();
            for (int x = start; x < end; x++) {
                char op = ops.get(x)[0];
                int[] pos = at.get(x);
                String line = op == '+' ? b.get(pos[1]) : a.get(pos[0]);
                hunk.append(op).append(line).append('\n');
                if (op != '+') {
                    aCount++;
                }
                if (op != '-') {
                    bCount++;
                }
            }
            out.append("@@ -")
                    .append(range(aStart, aCount))
                    .append(" +")
                    .append(range(bStart, bCount))
                    .append(" @@\n")
                    .append(hunk);
            k = end;
        }
        return out.isEmpty() ? "" : "--- " + fromName + "\n+++ " + toName + "\n" + out;
    }

    private static String range(int start, int count) {
        return count == 0 ? start + ",0" : (start + 1) + (count == 1 ? "" : "," + count);
    }

    /**
     * The fields that differ between two JSON trees, by path ({@code containers[0].image}); an object or array only on
     * one side is one change. Values as JSON text; null when absent.
     */
    static List<Change> fields(JsonNode from, JsonNode to) {
        List<Change> changes = new ArrayList<>();
        walk("", from, to, changes);
        return changes;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<Change> out) {
        boolean aMissing = a == null || a.isMissingNode() || a.isNull();
        boolean bMissing = b == null || b.isMissingNode() || b.isNull();
        if (aMissing && bMissing) {
            return;
        }
        if (!aMissing && !bMissing && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
            }
            return;
        }
        if (!aMissing && !bMissing && a.isArray() && b.isArray()) {
            int size = Math.max(a.size(), b.size());
            for (int i = 0; i < size; i++) {
                walk(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
            return;
        }
        if (aMissing || bMissing || !a.equals(b)) {
            out.add(new Change(path, aMissing ? null : a.toString(), bMissing ? null : b.toString()));
        }
    }

    /** Drops the given top-level fields and nested paths from a copy of an object tree, e.g. {@code metadata.uid}. */
    static JsonNode without(JsonNode tree, List<String> paths) {
        JsonNode copy = tree.deepCopy();
        for (String path : paths) {
            String[] parts = path.split("\\.");
            JsonNode node = copy;
            for (int i = 0; i < parts.length - 1 && node != null; i++) {
                node = node.get(parts[i]);
            }
            if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.remove(parts[parts.length - 1]);
            }
        }
        return copy;
    }
}
