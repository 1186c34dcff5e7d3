/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ConfigMap kube-system/extension-apiserver-authentication as an API server with front-proxy flags writes it. */
class FrontProxyTest {
    static Map<String, String> configMap(TestPki pki) throws Exception {
        return Map.of(
                "client-ca-file", "(the cluster CA: not what a front proxy presents)",
                "requestheader-client-ca-file", pki.caPem(),
                "requestheader-allowed-names", "[\"front-proxy-client\"]",
                "requestheader-username-headers", "[\"X-Remote-User\"]",
                "requestheader-group-headers", "[\"X-Remote-Group\"]",
                "requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]");
    }

    @Test
    void theFrontProxysCertificateIsAllowedAnotherNameIsNot() throws Exception {
        TestPki pki = new TestPki("front-proxy-ca");
        FrontProxy proxy = FrontProxy.of("local", configMap(pki));
        TestPki.Client good = pki.client("front-proxy-client");
        assertTrue(proxy.signed(good.certificate()));
        assertTrue(proxy.allows(good.certificate()));
        assertFalse(proxy.allows(pki.client("someone-else").certificate()));
        assertFalse(
                proxy.signed(new TestPki("front-proxy-ca")
                        .client("front-proxy-client")
                        .certificate()),
                "another CA of the same name did not sign it");
    }

    @Test
    void withoutTheCaTheClusterCannotBeServed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> FrontProxy.of("local", Map.of("client-ca-file", "x")));
        assertTrue(e.getMessage().contains("--requestheader-client-ca-file"), e.getMessage());
    }

    @Test
    void absentHeaderNamesTakeKubernetesDefaults() throws Exception {
        TestPki pki = new TestPki("ca");
        FrontProxy proxy = FrontProxy.of("local", Map.of("requestheader-client-ca-file", pki.caPem()));
        assertEquals(List.of("X-Remote-User"), proxy.userHeaders());
        assertTrue(proxy.allows(pki.client("anyone").certificate()), "no allowed names: any name the CA signed");
    }

    @Test
    void theCallerComesFromTheHeadersWhateverTheirCase() throws Exception {
        FrontProxy proxy = FrontProxy.of("local", configMap(new TestPki("ca")));
        // The JDK's server normalises header names like this.
        Map<String, List<String>> headers = Map.of(
                "X-remote-user", List.of("system:serviceaccount:kube-system:horizontal-pod-autoscaler"),
                "X-remote-group", List.of("system:serviceaccounts", "system:authenticated"),
                "X-remote-extra-authentication.kubernetes.io%2fpod-name", List.of("p1"),
                "Accept", List.of("application/json"));
        Caller caller = Caller.of(proxy, headers).orElseThrow();
        assertEquals("system:serviceaccount:kube-system:horizontal-pod-autoscaler", caller.user());
        assertEquals(List.of("system:serviceaccounts", "system:authenticated"), caller.groups());
        assertEquals(Map.of("authentication.kubernetes.io/pod-name", List.of("p1")), caller.extra());
        assertEquals(Optional.empty(), Caller.of(proxy, Map.of("X-remote-group", List.of("g"))));
    }
}
