/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A transcript is asciicast v2, keeps characters split across chunks whole, and stops at its size. */
class TranscriptTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void outputAndResizesAreRecordedAsAsciinemaReadsThem() throws Exception {
        Transcript t = new Transcript(100, 30, Instant.parse("2026-12-05T10:00:00Z"), 1 << 20);
        byte[] euro = "€ ok\r\n".getBytes(StandardCharsets.UTF_8); // € is 3 bytes
        t.output(euro, 0, 2);
        t.output(euro, 2, euro.length - 2);
        t.resize(132, 43);
        String[] lines = t.text().split("\n");
        JsonNode header = JSON.readTree(lines[0]);
        assertEquals(2, header.path("version").asInt());
        assertEquals(100, header.path("width").asInt());
        assertEquals(30, header.path("height").asInt());
        assertEquals(
                Instant.parse("2026-12-05T10:00:00Z").getEpochSecond(),
                header.path("timestamp").asLong());
        JsonNode out = JSON.readTree(lines[1]);
        assertEquals("o", out.get(1).asText());
        assertEquals("€ ok\r\n", out.get(2).asText(), "the split character is whole, nothing lost");
        JsonNode resize = JSON.readTree(lines[2]);
        assertEquals("r", resize.get(1).asText());
        assertEquals("132x43", resize.get(2).asText());
        assertEquals(3, lines.length);
    }

    @Test
    void aTranscriptStopsAtItsSizeAndSaysSo() {
        Transcript t = new Transcript(80, 24, Instant.now(), 2000);
        byte[] chunk = "x".repeat(300).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            t.output(chunk, 0, chunk.length);
        }
        String text = t.text();
        assertTrue(text.length() < 2600, "bounded: " + text.length());
        assertTrue(text.contains("the transcript was cut here"));
    }
}
