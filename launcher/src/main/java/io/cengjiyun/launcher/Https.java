/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * HTTPS from two PEM files in etc/tls/: {@code cert.pem} (the server's certificate, then its intermediates) and
 * {@code key.pem} (its private key, PKCS#8 or PKCS#1 RSA, unencrypted). Felix HTTP reads a keystore, so they are
 * checked and written at every start into a PKCS#12 keystore in the data folder (readable by the owner only, with a
 * new random password each time). Anything wrong stops the start with one message naming the file and the fix.
 */
public final class Https {

    /** The certificate chain, relative to etc/. */
    public static final String CERTIFICATE = "tls/cert.pem";
    /** The private key, relative to etc/. */
    public static final String KEY = "tls/key.pem";
    /** Felix HTTP's HTTPS port property; also read from the environment as {@link #PORT_ENV}. */
    public static final String PORT = "org.osgi.service.http.port.secure";

    public static final String PORT_ENV = "CENGJIYUN_HTTPS_PORT";
    /** {@code true}: plain HTTP reads are redirected to HTTPS and plain HTTP writes refused. */
    public static final String REDIRECT = "cengjiyun.https.redirect";

    public static final int DEFAULT_PORT = 8443;
    public static final String ENABLE = "org.apache.felix.https.enable";

    private static final String ALIAS = "cengjiyun";
    private static final String TO_PKCS8 = "openssl pkcs8 -topk8 -nocrypt -in etc/" + KEY + " -out key-pkcs8.pem";

    private Https() {}

    /**
     * Adds Felix HTTP's HTTPS properties to {@code properties} when etc/tls/ holds the certificate and the key.
     * Reads {@link #PORT} and {@link #REDIRECT} from {@code properties} (etc/framework.properties), else from the
     * system properties, the port else from {@link #PORT_ENV}.
     *
     * @param warnings told what does not stop the start (a certificate that expired, say)
     * @throws IllegalArgumentException naming the file or setting that is wrong and the fix
     */
    public static void configure(
            Layout layout, Map<String, String> properties, Map<String, String> env, Consumer<String> warnings)
            throws IOException {
        Path certificate = layout.etc().resolve(CERTIFICATE);
        Path key = layout.etc().resolve(KEY);
        boolean redirect = redirect(setting(properties, REDIRECT));
        properties.put(REDIRECT, Boolean.toString(redirect));
        boolean hasCertificate = Files.exists(certificate);
        boolean hasKey = Files.exists(key);
        if (!hasCertificate && !hasKey) {
            if (redirect) {
                throw new IllegalArgumentException(REDIRECT + "=true needs HTTPS, and there is no etc/" + CERTIFICATE
                        + ": put the server's certificate (PEM) there and its private key in etc/" + KEY
                        + ", or remove " + REDIRECT);
            }
            return;
        }
        if (!hasKey) {
            throw new IllegalArgumentException("HTTPS: etc/" + CERTIFICATE + " is there but etc/" + KEY
                    + " is missing: put the certificate's private key there (PEM), or remove etc/" + CERTIFICATE
                    + " to serve plain HTTP only");
        }
        if (!hasCertificate) {
            throw new IllegalArgumentException("HTTPS: etc/" + KEY + " is there but etc/" + CERTIFICATE
                    + " is missing: put the server's certificate there (PEM, then its intermediate certificates),"
                    + " or remove etc/" + KEY + " to serve plain HTTP only");
        }
        int port = port(firstSet(setting(properties, PORT), env.get(PORT_ENV)), layout.httpPort());
        List<X509Certificate> chain = certificates(certificate);
        PrivateKey privateKey = privateKey(key, chain.get(0));
        checkPair(privateKey, chain.get(0));
        validity(chain.get(0), warnings);
        readableByOthers(key, warnings);

        char[] password = newPassword();
        Path keystore = writeKeyStore(layout.data().resolve("tls"), privateKey, chain, password);
        properties.put(ENABLE, "true");
        properties.put(PORT, Integer.toString(port));
        properties.put("org.apache.felix.https.keystore", keystore.toString());
        properties.put("org.apache.felix.https.keystore.type", "PKCS12");
        properties.put("org.apache.felix.https.keystore.password", new String(password));
        properties.put("org.apache.felix.https.keystore.key.password", new String(password));
    }

    /** Whether the properties say HTTPS is served (set by {@link #configure}). */
    public static boolean enabled(Map<String, String> properties) {
        return "true".equals(properties.get(ENABLE));
    }

    static List<X509Certificate> certificates(Path file) {
        String name = "etc/" + CERTIFICATE;
        List<Pem.Block> blocks = Pem.read(read(file, name), name);
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("This JVM cannot read X.509 certificates: " + e.getMessage(), e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Pem.Block block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(
                        name + ": certificate " + (chain.size() + 1) + " is not a valid X.509 certificate ("
                                + e.getMessage() + "): write the file again from the certificate you were issued",
                        e);
            }
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(name + " holds no certificate (no '-----BEGIN CERTIFICATE-----' block"
                    + labels(blocks) + "): put the server's certificate there in PEM, followed by its intermediate"
                    + " certificates");
        }
        return chain;
    }

    static PrivateKey privateKey(Path file, X509Certificate certificate) {
        String name = "etc/" + KEY;
        List<Pem.Block> blocks = Pem.read(read(file, name), name);
        for (Pem.Block block : blocks) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), certificate, name, "PKCS#8");
                }
                case "RSA PRIVATE KEY" -> {
                    if (block.encryptedHeaders()) {
                        throw encrypted(name);
                    }
                    return pkcs8(Pem.pkcs1ToPkcs8(block.der()), certificate, name, "PKCS#1 RSA");
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(name);
                case "EC PRIVATE KEY" ->
                    throw new IllegalArgumentException(name + " holds an EC key in the SEC1 form ('BEGIN EC PRIVATE"
                            + " KEY'), which the runtime does not read: convert it to PKCS#8 with '" + TO_PKCS8
                            + "' and put key-pkcs8.pem in its place");
                default -> {
                    // a certificate or parameters beside the key: not what is looked for here
                }
            }
        }
        throw new IllegalArgumentException(name + " holds no private key (no '-----BEGIN PRIVATE KEY-----' block"
                + labels(blocks) + "): put the certificate's private key there in PEM (PKCS#8 or PKCS#1 RSA,"
                + " unencrypted)");
    }

    private static PrivateKey pkcs8(byte[] der, X509Certificate certificate, String name, String form) {
        Set<String> algorithms = new LinkedHashSet<>();
        algorithms.add(certificate.getPublicKey().getAlgorithm());
        algorithms.addAll(List.of("RSA", "EC", "EdDSA", "RSASSA-PSS"));
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not a key of this algorithm: try the next
            }
        }
        throw new IllegalArgumentException(name + ": the " + form + " key cannot be read (not an RSA, EC or EdDSA"
                + " key, or damaged): write it again from its source, or convert it with '" + TO_PKCS8 + "'");
    }

    /** The key signs and the certificate's public key verifies: they are a pair. */
    static void checkPair(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        boolean pair;
        if (algorithm == null) {
            pair = key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm());
        } else {
            try {
                byte[] challenge = new byte[32];
                new SecureRandom().nextBytes(challenge);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(challenge);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(challenge);
                pair = verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                pair = false; // an EC key and an RSA certificate, say
            }
        }
        if (!pair) {
            throw new IllegalArgumentException("etc/" + KEY + " is not the private key of the certificate in etc/"
                    + CERTIFICATE + " (" + certificate.getSubjectX500Principal().getName() + ", key type "
                    + certificate.getPublicKey().getAlgorithm() + "; the file's key type is " + key.getAlgorithm()
                    + "): put that certificate's own key there, or the certificate issued for this key, first in"
                    + " etc/" + CERTIFICATE + ". Compare them with 'openssl x509 -noout -pubkey -in etc/"
                    + CERTIFICATE + " | openssl sha256' and 'openssl pkey -pubout -in etc/" + KEY
                    + " | openssl sha256'");
        }
    }

    private static void validity(X509Certificate certificate, Consumer<String> warnings) {
        Instant now = Instant.now();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            warnings.accept("The certificate in etc/" + CERTIFICATE + " (" + certificate.getSubjectX500Principal()
                    + ") expired on " + certificate.getNotAfter().toInstant() + ": clients refuse it; renew it");
        } else if (now.isBefore(certificate.getNotBefore().toInstant())) {
            warnings.accept("The certificate in etc/" + CERTIFICATE + " (" + certificate.getSubjectX500Principal()
                    + ") is valid only from " + certificate.getNotBefore().toInstant()
                    + ": clients refuse it until then; check this machine's clock");
        }
    }

    private static void readableByOthers(Path key, Consumer<String> warnings) throws IOException {
        try {
            if (Files.getPosixFilePermissions(key).contains(PosixFilePermission.OTHERS_READ)) {
                warnings.accept("etc/" + KEY + " can be read by every user of this machine: 'chmod 600 etc/" + KEY
                        + "' (readable by the runtime's user only)");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private static Path writeKeyStore(Path dir, PrivateKey key, List<X509Certificate> chain, char[] password)
            throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("keystore.p12");
        Path temporary = Files.createTempFile(dir, "keystore", ".tmp");
        try {
            ownerOnly(temporary);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new X509Certificate[0]));
            try (OutputStream out = Files.newOutputStream(temporary)) {
                store.store(out, password);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "HTTPS: the key of etc/" + KEY + " and the certificates of etc/" + CERTIFICATE
                            + " cannot be kept in a PKCS#12 keystore (" + e.getMessage() + ")",
                    e);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return file;
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own permissions protect it
        }
    }

    private static char[] newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    }

    private static String read(Path file, String name) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(name + " cannot be read by this user (" + System.getProperty("user.name")
                    + "): let the runtime's user read it (chown or chmod), and no one else for a key");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(name + " is missing: put it there in PEM");
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " cannot be read (" + e + "): check the file", e);
        }
    }

    private static String labels(List<Pem.Block> blocks) {
        if (blocks.isEmpty()) {
            return "; it is not a PEM file";
        }
        return "; it holds " + blocks.stream().map(b -> "'" + b.label() + "'").toList();
    }

    private static IllegalArgumentException encrypted(String name) {
        return new IllegalArgumentException(name + " is encrypted with a passphrase, which the runtime cannot be"
                + " given: decrypt it with '" + TO_PKCS8 + "' (it asks for the passphrase), put key-pkcs8.pem in its"
                + " place and let only the runtime's user read it");
    }

    private static boolean redirect(String value) {
        if (value == null || value.isBlank() || value.strip().equals("false")) {
            return false;
        }
        if (value.strip().equals("true")) {
            return true;
        }
        throw new IllegalArgumentException(
                REDIRECT + "='" + value + "' is neither true nor false: set it to true to send plain HTTP to HTTPS");
    }

    private static int port(String value, int httpPort) {
        if (value == null) {
            return DEFAULT_PORT;
        }
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "HTTPS port '" + value + "' is not a number: set " + PORT_ENV + " (or " + PORT
                            + ") to a port such as " + DEFAULT_PORT,
                    e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "HTTPS port " + port + " is not between 1 and 65535: set " + PORT_ENV + " to a port such as 8443");
        }
        if (port == httpPort) {
            throw new IllegalArgumentException("HTTPS port " + port + " is the HTTP port too: set " + PORT_ENV + " (or "
                    + PORT + ") to another port, such as " + DEFAULT_PORT);
        }
        return port;
    }

    private static String setting(Map<String, String> properties, String name) {
        return firstSet(properties.get(name), System.getProperty(name));
    }

    private static String firstSet(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b;
    }
}
