/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServingCertificateTest {
    @Test
    void itsNamesCoverTheServiceAndTheAddress() throws Exception {
        InetAddress ip = InetAddress.getByName("10.1.2.3");
        ServingCertificate c = ServingCertificate.generate(RegistrationObjects.dnsNames(), List.of(ip));
        Set<String> dns = new HashSet<>();
        Set<String> ips = new HashSet<>();
        for (List<?> san : c.certificate().getSubjectAlternativeNames()) {
            (((Integer) san.get(0)) == 2 ? dns : ips).add((String) san.get(1));
        }
        assertTrue(dns.contains("cengjiyun-metrics-api.kube-system.svc"), dns.toString());
        assertTrue(dns.contains("cengjiyun-metrics-api.kube-system.svc.cluster.local"), dns.toString());
        assertEquals(Set.of("10.1.2.3"), ips);
    }

    @Test
    void anInterfacesIpv6AddressWithItsScopeIsCoveredWithoutIt() throws Exception {
        InetAddress scoped = java.net.Inet6Address.getByAddress(
                null, InetAddress.getByName("fd00::5").getAddress(), 2); // as NetworkInterface gives it: fd00::5%2
        ServingCertificate c = ServingCertificate.generate(List.of("a.b.svc"), List.of(scoped));
        List<?> ip = c.certificate().getSubjectAlternativeNames().stream()
                .filter(san -> ((Integer) san.get(0)) == 7)
                .findFirst()
                .orElseThrow();
        assertEquals(InetAddress.getByName("fd00::5"), InetAddress.getByName((String) ip.get(1)));
    }

    @Test
    void itIsItsOwnCaForTheCaBundleAndForServing() throws Exception {
        ServingCertificate c = ServingCertificate.generate(List.of("a.b.svc"), List.of());
        X509Certificate cert = c.certificate();
        cert.verify(cert.getPublicKey()); // self-signed
        assertTrue(cert.getBasicConstraints() >= 0, "a CA: the caBundle holds this certificate itself");
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        cert.checkValidity();
    }

    @Test
    void itsPemIsTheSameCertificate() throws Exception {
        ServingCertificate c = ServingCertificate.generate(List.of("a.b.svc"), List.of());
        String pem = c.pem();
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
        X509Certificate read = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(c.certificate(), read);
    }
}
