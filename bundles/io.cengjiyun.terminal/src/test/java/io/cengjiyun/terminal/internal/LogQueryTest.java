/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.terminal.LogLine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a log query accepts, and how a line of the kubelet is read. */
class LogQueryTest {
    @Test
    void tailAndSinceAreReadAsAUserWritesThem() {
        LogQuery q = LogQuery.parse("20", "10m", true, false, 500, 1000);
        assertEquals(20, q.tail());
        assertEquals(600, q.sinceSeconds());
        assertNull(q.sinceTime());
        assertTrue(q.previous());
        assertEquals(500, LogQuery.parse(null, null, false, false, 500, 1000).tail());
        assertNull(LogQuery.parse("all", "", false, false, 500, 1000).tail());
        assertEquals(
                7 * 86400, LogQuery.parse(null, "7d", false, false, null, 10).sinceSeconds());
        assertEquals(
                Instant.parse("2026-12-05T10:00:00Z"),
                LogQuery.parse(null, "2026-12-05T10:00:00Z", false, false, null, 10)
                        .sinceTime());
    }

    @Test
    void badInputNamesEachField() {
        ValidationException e =
                assertThrows(ValidationException.class, () -> LogQuery.parse("lots", "yesterday", false, false, 5, 10));
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("tail", "since"), fields);
        assertTrue(
                e.errors().get(1).message().contains("30s, 10m, 2h, 7d"),
                e.errors().get(1).message());
        ValidationException big =
                assertThrows(ValidationException.class, () -> LogQuery.parse("11", null, false, false, 5, 10));
        assertTrue(big.errors().get(0).message().contains("0 to 10"));
        assertThrows(ValidationException.class, () -> LogQuery.parse("-5", null, false, false, 5, 10));
        assertThrows(ValidationException.class, () -> LogQuery.parse(null, "0s", false, false, 5, 10));
    }

    @Test
    void aTimestampedLineIsSplitAndAPlainOneKept() {
        LogLine l = Logs.parse("web-1", "app", "2026-12-05T10:00:00.123456789Z hello  world", false);
        assertEquals("2026-12-05T10:00:00.123456789Z", l.time());
        assertEquals("hello  world", l.text());
        assertEquals("web-1/app | hello  world", l.format(false));
        assertEquals("2026-12-05T10:00:00.123456789Z web-1/app | hello  world", l.format(true));
        LogLine plain = Logs.parse("web-1", "app", "no time here", true);
        assertNull(plain.time());
        assertEquals("no time here", plain.text());
        assertEquals("web-1/app (previous) | no time here", plain.format(true));
        LogLine notice = new LogLine("web-2", "app", null, "ended: the pod was deleted", false, true);
        assertEquals("web-2/app -- ended: the pod was deleted", notice.format(false));
        assertFalse(notice.previous());
    }

    @Test
    void aMatchThatRunsPastItsDeadlineIsStopped() {
        String line = "a".repeat(40) + "!";
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(a|aa)+b");
        // the JDK's matcher is fast on most patterns; the deadline is checked at every character it reads
        assertThrows(
                Logs.Deadlined.TooSlow.class,
                () -> p.matcher(new Logs.Deadlined(line, System.nanoTime() - 1)).find());
        assertFalse(p.matcher(new Logs.Deadlined(line, System.nanoTime() + Logs.MATCH_NANOS))
                .find());
        assertTrue(java.util.regex.Pattern.compile("a!")
                .matcher(new Logs.Deadlined(line, System.nanoTime() + Logs.MATCH_NANOS))
                .find());
    }
}
