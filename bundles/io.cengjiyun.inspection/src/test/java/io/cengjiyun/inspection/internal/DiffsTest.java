/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.inspection.RevisionDiff.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffsTest {
    /** The expected texts are what GNU diff -u printed for the same two files (its header lines aside). */
    @Test
    void aUnifiedDiffIsWhatGnuDiffWrites() {
        assertEquals(
                """
                --- revision 1
                +++ revision 2
                @@ -2,9 +2,10 @@
                 b
                 c
                 d
                -e
                +E
                 f
                 g
                 h
                 i
                 j
                +k
                """,
                Diffs.unified(
                        "revision 1",
                        "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n",
                        "revision 2",
                        "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n"));
        assertEquals(
                """
                --- x
                +++ y
                @@ -1,5 +1,5 @@
                 a
                -b
                +B
                 c
                 d
                 e
                @@ -10,4 +10,4 @@
                 j
                 k
                 l
                -m
                +M
                """,
                Diffs.unified(
                        "x",
                        "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n",
                        "y",
                        "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\n"));
    }

    @Test
    void equalTextsHaveAnEmptyDiffAndAnAddedFileStartsAtZero() {
        assertEquals("", Diffs.unified("x", "same\n", "y", "same\n"));
        assertEquals("--- x\n+++ y\n@@ -0,0 +1 @@\n+new\n", Diffs.unified("x", "", "y", "new\n"));
    }

    @Test
    void fieldsThatDifferAreNamedByPath() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var a = json.readTree(
                "{\"replicas\": 1, \"containers\": [{\"image\": \"x:1\", \"name\": \"app\"}], \"gone\": true}");
        var b = json.readTree(
                "{\"replicas\": 2, \"containers\": [{\"image\": \"x:2\", \"name\": \"app\"}], \"labels\": {\"a\": \"b\"}}");
        assertEquals(
                List.of(
                        new Change("containers[0].image", "\"x:1\"", "\"x:2\""),
                        new Change("gone", "true", null),
                        new Change("labels", null, "{\"a\":\"b\"}"),
                        new Change("replicas", "1", "2")),
                Diffs.fields(a, b));
    }
}
