/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files of etc/tls/ as a user writes them, made at test time with the JDK's keytool. */
class HttpsTest {

    /** A key pair and its self-signed certificate, as PEM, and the key's PKCS#8 bytes. */
    record Material(String certificatePem, String keyPem, byte[] pkcs8, Certificate certificate) {}

    @TempDir
    static Path generated;

    static Material rsa;
    static Material otherRsa;
    static Material ec;
    static Material expired;

    @TempDir
    Path home;

    @BeforeAll
    static void generate() throws Exception {
        rsa = generate("rsa", List.of("-keyalg", "RSA", "-keysize", "2048"));
        otherRsa = generate("other", List.of("-keyalg", "RSA", "-keysize", "2048"));
        ec = generate("ec", List.of("-keyalg", "EC", "-groupname", "secp256r1"));
        expired = generate("expired", List.of("-keyalg", "EC", "-groupname", "secp256r1", "-startdate", "2020/01/01"));
    }

    @Test
    void withoutCertificateAndKeyNothingChanges() throws Exception {
        Map<String, String> p = configure();

        assertFalse(Https.enabled(p));
        assertEquals("false", p.get(Https.REDIRECT));
        assertFalse(Files.exists(home.resolve("data/tls/keystore.p12")));
    }

    @Test
    void aPkcs8KeyAndItsCertificateBecomeAKeystoreReadableByTheOwnerOnly() throws Exception {
        write(rsa.certificatePem(), rsa.keyPem());

        Map<String, String> p = configure();

        assertTrue(Https.enabled(p));
        assertEquals("8443", p.get(Https.PORT));
        assertKeystoreHolds(p, rsa);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(Path.of(p.get("org.apache.felix.https.keystore")))));
    }

    @Test
    void anEcKeyIsReadToo() throws Exception {
        write(ec.certificatePem(), ec.keyPem());

        assertKeystoreHolds(configure(), ec);
    }

    @Test
    void aPkcs1RsaKeyIsReadToo() throws Exception {
        write(rsa.certificatePem(), pem("RSA PRIVATE KEY", pkcs1Of(rsa.pkcs8())));

        assertKeystoreHolds(configure(), rsa);
    }

    @Test
    void aNewPasswordEveryStart() throws Exception {
        write(rsa.certificatePem(), rsa.keyPem());

        assertFalse(configure()
                .get("org.apache.felix.https.keystore.password")
                .equals(configure().get("org.apache.felix.https.keystore.password")));
    }

    @Test
    void theHttpsPortComesFromTheSettingOrTheEnvironment() throws Exception {
        write(rsa.certificatePem(), rsa.keyPem());
        Map<String, String> set = new HashMap<>(Map.of(Https.PORT, "9443"));
        Https.configure(layout(), set, Map.of(Https.PORT_ENV, "10443"), w -> {});
        Map<String, String> fromEnv = new HashMap<>();
        Https.configure(layout(), fromEnv, Map.of(Https.PORT_ENV, "10443"), w -> {});

        assertEquals("9443", set.get(Https.PORT));
        assertEquals("10443", fromEnv.get(Https.PORT));
    }

    @Test
    void aCertificateWithoutKeyStopsTheStartNamingTheMissingFile() throws Exception {
        write(rsa.certificatePem(), null);

        String message = refused();

        assertTrue(message.contains("etc/tls/key.pem is missing"), message);
        assertTrue(message.contains("or remove etc/tls/cert.pem"), message);
    }

    @Test
    void aKeyWithoutCertificateStopsTheStartNamingTheMissingFile() throws Exception {
        write(null, rsa.keyPem());

        String message = refused();

        assertTrue(message.contains("etc/tls/cert.pem is missing"), message);
    }

    @Test
    void theKeyOfAnotherCertificateIsRefusedWithHowToCompareThem() throws Exception {
        write(rsa.certificatePem(), otherRsa.keyPem());

        String message = refused();

        assertTrue(message.contains("etc/tls/key.pem is not the private key of the certificate in etc/tls/cert.pem"));
        assertTrue(message.contains("CN=rsa"), message);
        assertTrue(message.contains("openssl x509 -noout -pubkey -in etc/tls/cert.pem | openssl sha256"), message);
    }

    @Test
    void anEcKeyForAnRsaCertificateIsRefused() throws Exception {
        write(rsa.certificatePem(), ec.keyPem());

        String message = refused();

        assertTrue(message.contains("is not the private key"), message);
        assertTrue(message.contains("key type RSA; the file's key type is EC"), message);
    }

    @Test
    void aSec1EcKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        write(ec.certificatePem(), pem("EC PRIVATE KEY", new byte[] {0x30, 0x00}));

        String message = refused();

        assertTrue(message.startsWith("etc/tls/key.pem holds an EC key in the SEC1 form"), message);
        assertTrue(message.contains("openssl pkcs8 -topk8 -nocrypt -in etc/tls/key.pem -out key-pkcs8.pem"), message);
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
        write(rsa.certificatePem(), pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));

        String message = refused();

        assertTrue(message.startsWith("etc/tls/key.pem is encrypted with a passphrase"), message);
        assertTrue(message.contains("openssl pkcs8 -topk8 -nocrypt"), message);
    }

    @Test
    void aLegacyEncryptedRsaKeyIsRefusedToo() throws Exception {
        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\n"
                + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x00}) + "\n-----END RSA PRIVATE KEY-----\n";
        write(rsa.certificatePem(), legacy);

        assertTrue(refused().startsWith("etc/tls/key.pem is encrypted with a passphrase"));
    }

    @Test
    void theKeyInTheCertificateFileIsNotACertificate() throws Exception {
        write(rsa.keyPem(), rsa.keyPem());

        String message = refused();

        assertTrue(message.startsWith("etc/tls/cert.pem holds no certificate"), message);
        assertTrue(message.contains("'PRIVATE KEY'"), message);
    }

    @Test
    void aFileThatIsNotPemIsNamed() throws Exception {
        write(rsa.certificatePem(), "not a key\n");

        String message = refused();

        assertTrue(message.startsWith("etc/tls/key.pem holds no private key"), message);
        assertTrue(message.contains("it is not a PEM file"), message);
    }

    @Test
    void aDamagedCertificateIsNamed() throws Exception {
        write(pem("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), rsa.keyPem());

        String message = refused();

        assertTrue(message.startsWith("etc/tls/cert.pem: certificate 1 is not a valid X.509 certificate"), message);
    }

    @Test
    void anUnreadableKeyIsNamedWithTheFix() throws Exception {
        write(rsa.certificatePem(), rsa.keyPem());
        Path key = home.resolve("etc/tls/key.pem");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(key), "root reads every file");

        String message = refused();

        assertTrue(message.startsWith("etc/tls/key.pem cannot be read by this user"), message);
    }

    @Test
    void anExpiredCertificateStartsWithAWarning() throws Exception {
        write(expired.certificatePem(), expired.keyPem());
        List<String> warnings = new ArrayList<>();

        Https.configure(layout(), new HashMap<>(), Map.of(), warnings::add);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("expired on"), warnings.get(0));
    }

    @Test
    void aKeyEveryoneCanReadStartsWithAWarning() throws Exception {
        write(rsa.certificatePem(), rsa.keyPem());
        Files.setPosixFilePermissions(home.resolve("etc/tls/key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = new ArrayList<>();

        Https.configure(layout(), new HashMap<>(), Map.of(), warnings::add);

        assertEquals(
                List.of("etc/tls/key.pem can be read by every user of this machine: 'chmod 600 etc/tls/key.pem'"
                        + " (readable by the runtime's user only)"),
                warnings);
    }

    @Test
    void redirectWithoutCertificateIsRefused() {
        Map<String, String> p = new HashMap<>(Map.of(Https.REDIRECT, "true"));

        String message = assertThrows(
                        IllegalArgumentException.class, () -> Https.configure(layout(), p, Map.of(), w -> {}))
                .getMessage();

        assertTrue(message.startsWith("cengjiyun.https.redirect=true needs HTTPS"), message);
    }

    @Test
    void redirectMustBeTrueOrFalse() throws Exception {
        write(rsa.certificatePem(), rsa.keyPem());
        Map<String, String> p = new HashMap<>(Map.of(Https.REDIRECT, "yes"));

        String message = assertThrows(
                        IllegalArgumentException.class, () -> Https.configure(layout(), p, Map.of(), w -> {}))
                .getMessage();

        assertTrue(message.startsWith("cengjiyun.https.redirect='yes' is neither true nor false"), message);
    }

    @Test
    void theHttpsPortMustBeAFreeNumber() throws Exception {
        write(rsa.certificatePem(), rsa.keyPem());

        String text = assertThrows(
                        IllegalArgumentException.class,
                        () -> Https.configure(layout(), new HashMap<>(), Map.of(Https.PORT_ENV, "https"), w -> {}))
                .getMessage();
        String same = assertThrows(
                        IllegalArgumentException.class,
                        () -> Https.configure(layout(), new HashMap<>(), Map.of(Https.PORT_ENV, "8080"), w -> {}))
                .getMessage();

        assertTrue(text.startsWith("HTTPS port 'https' is not a number: set CENGJIYUN_HTTPS_PORT"), text);
        assertTrue(same.startsWith("HTTPS port 8080 is the HTTP port too"), same);
    }

    private Map<String, String> configure() throws IOException {
        Map<String, String> p = new HashMap<>();
        Https.configure(layout(), p, Map.of(), w -> {});
        return p;
    }

    private String refused() {
        return assertThrows(IllegalArgumentException.class, this::configure).getMessage();
    }

    private Layout layout() {
        return new Layout(home, home.resolve("data"), 8080);
    }

    private void write(String certificate, String key) throws IOException {
        Path tls = Files.createDirectories(home.resolve("etc/tls"));
        if (certificate != null) {
            Files.writeString(tls.resolve("cert.pem"), certificate);
        }
        if (key != null) {
            Files.writeString(tls.resolve("key.pem"), key);
            Files.setPosixFilePermissions(tls.resolve("key.pem"), PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void assertKeystoreHolds(Map<String, String> p, Material m) throws Exception {
        KeyStore store = KeyStore.getInstance(p.get("org.apache.felix.https.keystore.type"));
        char[] password = p.get("org.apache.felix.https.keystore.password").toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(p.get("org.apache.felix.https.keystore")))) {
            store.load(in, password);
        }
        assertEquals(List.of("cengjiyun"), java.util.Collections.list(store.aliases()));
        assertEquals(m.certificate(), store.getCertificate("cengjiyun"));
        assertArrayEquals(m.pkcs8(), store.getKey("cengjiyun", password).getEncoded());
    }

    private static Material generate(String name, List<String> algorithm) throws Exception {
        Path store = generated.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "k",
                "-dname",
                "CN=" + name,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit"));
        command.addAll(algorithm);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) keyStore.getKey("k", "changeit".toCharArray());
        Certificate certificate = keyStore.getCertificate("k");
        return new Material(
                pem("CERTIFICATE", certificate.getEncoded()),
                pem("PRIVATE KEY", key.getEncoded()),
                key.getEncoded(),
                certificate);
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its third element, an OCTET STRING. */
    static byte[] pkcs1Of(byte[] pkcs8) {
        int[] at = {0};
        header(pkcs8, at); // the outer SEQUENCE
        int version = header(pkcs8, at);
        at[0] += version;
        int algorithm = header(pkcs8, at);
        at[0] += algorithm;
        int length = header(pkcs8, at); // the OCTET STRING
        return Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
    }

    /** Reads a DER tag and length at {@code at[0]}, leaves {@code at[0]} at the content; returns its length. */
    private static int header(byte[] der, int[] at) {
        at[0]++; // tag
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }
}
