/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A session's transcript in asciicast v2 (the format of asciinema): a header line, then one {@code [seconds, "o",
 * text]} line per output and {@code [seconds, "r", "COLSxROWS"]} per resize. Bounded: past the most bytes kept, a last
 * line says so and the rest is not kept. Output bytes are decoded as UTF-8 across chunk boundaries.
 */
final class Transcript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringBuilder text = new StringBuilder();
    private final long start;
    private final int max;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private boolean full;

    Transcript(int cols, int rows, Instant started, int max) {
        this.start = System.nanoTime();
        this.max = max;
        line(Map.of(
                "version",
                2,
                "width",
                cols > 0 ? cols : 80,
                "height",
                rows > 0 ? rows : 24,
                "timestamp",
                started.getEpochSecond(),
                "env",
                Map.of("TERM", "xterm-256color")));
    }

    synchronized void output(byte[] bytes, int off, int len) {
        if (full) {
            return;
        }
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + len);
        in.put(pending).put(bytes, off, len).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, false);
        pending = in.slice();
        out.flip();
        if (out.hasRemaining()) {
            event("o", out.toString());
        }
    }

    synchronized void resize(int cols, int rows) {
        event("r", cols + "x" + rows);
    }

    synchronized String text() {
        return text.toString();
    }

    private void event(String kind, String data) {
        if (full) {
            return;
        }
        double seconds = Math.round((System.nanoTime() - start) / 1_000_000.0) / 1000.0;
        if (text.length() + data.length() * 2L + 32 > max) {
            full = true;
            line(List.of(
                    seconds, "o", "\r\n[cengjiyun: the transcript was cut here: it reached " + max + " bytes]\r\n"));
            return;
        }
        line(List.of(seconds, kind, data));
    }

    private void line(Object value) {
        try {
            text.append(JSON.writeValueAsString(value)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
