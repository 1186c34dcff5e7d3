/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The front proxies of the clusters served, and the TLS trust that follows from them: a client certificate is
 * accepted when one of their CAs signed it, so only the clusters' API servers get past the handshake. The set changes
 * as clusters come and go (each registration round reads them again), hence a trust manager of its own instead of a
 * fixed trust store. Which cluster a request comes from is the cluster whose CA signed its certificate.
 */
final class FrontProxies extends X509ExtendedTrustManager {
    private final Map<String, FrontProxy> byCluster = new ConcurrentHashMap<>();
    /** Rebuilt on every change of the CAs; null while there are none. */
    private volatile X509TrustManager trust;

    void put(FrontProxy proxy) {
        FrontProxy before = byCluster.put(proxy.cluster(), proxy);
        if (before == null || !before.cas().equals(proxy.cas())) {
            rebuild();
        }
    }

    void remove(String cluster) {
        if (byCluster.remove(cluster) != null) {
            rebuild();
        }
    }

    /** The cluster whose front proxy presented this certificate, if its CA signed it and its name is allowed. */
    Optional<FrontProxy> of(X509Certificate client) {
        return byCluster.values().stream()
                .filter(p -> p.signed(client))
                .sorted(java.util.Comparator.comparing(FrontProxy::cluster))
                .findFirst();
    }

    private synchronized void rebuild() {
        List<X509Certificate> cas = new ArrayList<>();
        byCluster.values().forEach(p -> cas.addAll(p.cas()));
        if (cas.isEmpty()) {
            trust = null;
            return;
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    trust = x509;
                    return;
                }
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot trust the clusters' front-proxy CAs: " + e.getMessage(), e);
        }
    }

    private X509TrustManager trust() throws CertificateException {
        X509TrustManager t = trust;
        if (t == null) {
            throw new CertificateException("no cluster is served yet: no front-proxy CA to check a client against");
        }
        return t;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the metrics API is a server only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Sent in the handshake's certificate request, so a client picks its front-proxy certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509TrustManager t = trust;
        return t == null ? new X509Certificate[0] : t.getAcceptedIssuers();
    }
}
