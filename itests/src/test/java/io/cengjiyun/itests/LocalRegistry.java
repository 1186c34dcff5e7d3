/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** tools/kube-local's private registry as `kube-local registry` prints it, and a tar.gz maker for build contexts. */
final class LocalRegistry {
    final String address;
    final String user;
    final String password;
    final String image;
    final Path ca;

    private LocalRegistry(Map<String, String> values) {
        address = values.get("REGISTRY");
        user = values.get("REGISTRY_USER");
        password = values.get("REGISTRY_PASSWORD");
        image = values.get("REGISTRY_IMAGE");
        ca = Path.of(values.get("REGISTRY_CA"));
    }

    static LocalRegistry read(Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(script.toString(), "registry")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("kube-local registry did not end", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("kube-local registry: " + out, 0, p.exitValue());
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.matches("^(export )?[A-Z_]+=.*") && eq > 0) {
                String value = line.substring(eq + 1).trim();
                if (value.length() >= 2
                        && (value.startsWith("'") && value.endsWith("'")
                                || value.startsWith("\"") && value.endsWith("\""))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, eq).replaceFirst("^export ", "").trim(), value);
            }
        }
        for (String key : List.of("REGISTRY", "REGISTRY_USER", "REGISTRY_PASSWORD", "REGISTRY_IMAGE", "REGISTRY_CA")) {
            assertTrue(key + " in: " + out, values.containsKey(key));
        }
        return new LocalRegistry(values);
    }

    /** A tar.gz of the files (name to content), as `tar -czf` makes it (ustar headers, regular files, mode 644). */
    static byte[] tarGz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                byte[] header = new byte[512];
                put(header, 0, f.getKey(), 100);
                put(header, 100, "0000644", 8);
                put(header, 108, "0000000", 8);
                put(header, 116, "0000000", 8);
                put(header, 124, String.format("%011o", content.length), 12);
                put(header, 136, String.format("%011o", System.currentTimeMillis() / 1000), 12);
                java.util.Arrays.fill(header, 148, 156, (byte) ' ');
                header[156] = '0';
                put(header, 257, "ustar", 6);
                put(header, 263, "00", 2);
                long sum = 0;
                for (byte b : header) {
                    sum += b & 0xff;
                }
                put(header, 148, String.format("%06o", sum), 7);
                header[155] = ' ';
                gz.write(header);
                gz.write(content);
                gz.write(new byte[(512 - content.length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] header, int at, String text, int max) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, Math.min(b.length, max));
    }
}
