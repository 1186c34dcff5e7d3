/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The metrics API's serving key pair and its self-signed certificate, made at activation and never written to disk.
 * The API server checks it against the APIService's caBundle (this certificate itself) and the name it dials, the
 * Service's DNS name; the IP addresses are there for anyone who calls the address directly. The JDK's own providers
 * do the cryptography (EC P-256, SHA256withECDSA): BouncyCastle only writes the certificate.
 */
final class ServingCertificate {
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final char[] NO_PASSWORD = new char[0];

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private ServingCertificate(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /**
     * @param dnsNames the Service's names, e.g. {@code cengjiyun-metrics-api.kube-system.svc}
     * @param addresses the addresses this runtime may be reached at
     */
    static ServingCertificate generate(List<String> dnsNames, Collection<InetAddress> addresses) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            // The raw bytes: the text of an interface's IPv6 address carries a scope (%eth0) no certificate can.
            addresses.forEach(
                    a -> names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(a.getAddress()))));
            X500Name subject = new X500Name("CN=" + dnsNames.get(0) + ",O=cengjiyun");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))), // clocks of API servers may be a little behind
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    keyPair.getPublic());
            // Its own CA as well: the caBundle is this certificate, and a verifier wants a CA there.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new ServingCertificate(keyPair, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot make the metrics API's serving certificate: " + e.getMessage(), e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM: the APIService's caBundle (base64 of this). */
    String pem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the serving certificate as PEM", e);
        }
        return out.toString();
    }

    KeyManager[] keyManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("serving", keyPair.getPrivate(), NO_PASSWORD, new X509Certificate[] {certificate});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot load the serving key into a key manager: " + e.getMessage(), e);
        }
    }
}
