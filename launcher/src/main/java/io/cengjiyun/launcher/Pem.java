/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The blocks of a PEM file ({@code -----BEGIN <label>-----}, base64, {@code -----END <label>-----}), in order. */
final class Pem {

    /** One block: its label ("CERTIFICATE", "PRIVATE KEY"...), its DER bytes, and whether it had RFC 1421 headers. */
    record Block(String label, byte[] der, boolean encryptedHeaders) {}

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

    private Pem() {}

    /**
     * @param text the file's content (text outside the blocks, as openssl writes it, is ignored)
     * @param name the file's name, for the messages
     * @throws IllegalArgumentException when a block is not base64 or its END label differs from its BEGIN label
     */
    static List<Block> read(String text, String name) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1).trim();
            if (!label.equals(m.group(3).trim())) {
                throw new IllegalArgumentException(name + ": a block begins as '" + label + "' and ends as '"
                        + m.group(3).trim() + "': the file is damaged; write it again from its source");
            }
            StringBuilder base64 = new StringBuilder();
            boolean encrypted = false;
            for (String line : m.group(2).split("\\R")) {
                String l = line.strip();
                if (l.contains(":")) {
                    // Proc-Type: 4,ENCRYPTED and DEK-Info: headers of a legacy encrypted key.
                    encrypted |= l.startsWith("Proc-Type:") && l.contains("ENCRYPTED");
                    continue;
                }
                base64.append(l);
            }
            try {
                blocks.add(new Block(label, Base64.getDecoder().decode(base64.toString()), encrypted));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        name + ": the '" + label + "' block is not valid base64 (" + e.getMessage()
                                + "): the file is damaged; write it again from its source",
                        e);
            }
        }
        return blocks;
    }

    /**
     * A PKCS#1 RSAPrivateKey ("BEGIN RSA PRIVATE KEY") as a PKCS#8 PrivateKeyInfo, which the JDK reads: {@code
     * SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING pkcs1 }}.
     */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] rsaAlgorithm = {
            0x30,
            0x0d,
            0x06,
            0x09,
            0x2a,
            (byte) 0x86,
            0x48,
            (byte) 0x86,
            (byte) 0xf7,
            0x0d,
            0x01,
            0x01,
            0x01,
            0x05,
            0x00
        };
        byte[] key = tlv(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(rsaAlgorithm);
        body.writeBytes(key);
        return tlv(0x30, body.toByteArray());
    }

    /** A DER tag-length-value. */
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
