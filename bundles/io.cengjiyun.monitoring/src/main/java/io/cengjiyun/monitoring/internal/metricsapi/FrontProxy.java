/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one cluster's API server proxies to an aggregated API, as it publishes it in the ConfigMap
 * {@code kube-system/extension-apiserver-authentication}: the CA of its front-proxy client certificate, the names that
 * certificate may have, and the headers that carry the user it acts for.
 *
 * @param allowedNames the client certificate's CN must be one of them; empty: any name the CA signed
 */
record FrontProxy(
        String cluster,
        List<X509Certificate> cas,
        Set<String> allowedNames,
        List<String> userHeaders,
        List<String> groupHeaders,
        List<String> extraPrefixes) {
    static final String NAMESPACE = "kube-system";
    static final String CONFIG_MAP = "extension-apiserver-authentication";
    static final String CA_KEY = "requestheader-client-ca-file";

    private static final ObjectMapper JSON = new ObjectMapper();

    FrontProxy {
        cas = List.copyOf(cas);
        allowedNames = Set.copyOf(allowedNames);
        userHeaders = List.copyOf(userHeaders);
        groupHeaders = List.copyOf(groupHeaders);
        extraPrefixes = List.copyOf(extraPrefixes);
    }

    /**
     * @param data the ConfigMap's data
     * @throws IllegalArgumentException when the API server has no front proxy set up, or its entries are unreadable
     */
    static FrontProxy of(String cluster, Map<String, String> data) {
        String pem = data == null ? null : data.get(CA_KEY);
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the ConfigMap " + NAMESPACE + "/" + CONFIG_MAP + " has no " + CA_KEY
                    + ": the API server is not set up to proxy to aggregated APIs (start it with"
                    + " --requestheader-client-ca-file and --proxy-client-cert-file)");
        }
        return new FrontProxy(
                cluster,
                certificates(pem),
                Set.copyOf(list(data, "requestheader-allowed-names", List.of())),
                list(data, "requestheader-username-headers", List.of("X-Remote-User")),
                list(data, "requestheader-group-headers", List.of("X-Remote-Group")),
                list(data, "requestheader-extra-headers-prefix", List.of("X-Remote-Extra-")));
    }

    /** Whether a client certificate that one of {@link #cas} signed may speak for users. */
    boolean allows(X509Certificate client) {
        return allowedNames.isEmpty() || allowedNames.contains(commonName(client));
    }

    /** Whether one of this cluster's front-proxy CAs signed the certificate. */
    boolean signed(X509Certificate client) {
        for (X509Certificate ca : cas) {
            if (ca.getSubjectX500Principal().equals(client.getIssuerX500Principal())) {
                try {
                    client.verify(ca.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    // another CA of the same name, perhaps: try the next
                }
            }
        }
        return false;
    }

    static String commonName(X509Certificate certificate) {
        for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
            String p = part.strip();
            if (p.startsWith("CN=")) {
                return p.substring(3);
            }
        }
        return "";
    }

    private static List<X509Certificate> certificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            for (Certificate c :
                    factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                result.add((X509Certificate) c);
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + CA_KEY);
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the " + CA_KEY + " of " + NAMESPACE + "/" + CONFIG_MAP + " is no PEM certificate: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The entries are JSON lists of strings, e.g. {@code ["X-Remote-User"]}. */
    private static List<String> list(Map<String, String> data, String key, List<String> absent) {
        String value = data.get(key);
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            List<String> list = JSON.readValue(value, new TypeReference<List<String>>() {});
            return list == null || list.isEmpty() ? absent : list;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(
                    "the " + key + " of " + NAMESPACE + "/" + CONFIG_MAP + " is not a JSON list: " + value, e);
        }
    }
}
