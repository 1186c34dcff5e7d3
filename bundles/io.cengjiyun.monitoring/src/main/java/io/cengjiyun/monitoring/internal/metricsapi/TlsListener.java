/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The JDK's HTTPS server (the system bundle exports com.sun.net.httpserver): small, no servlet container, and apart
 * from the platform's HTTP port, which the clusters' API servers should not reach. It asks for a client certificate
 * and accepts one only from a served cluster's front-proxy CA; a caller without one gets through the handshake (health
 * checks) and is refused by the handler.
 */
final class TlsListener {
    private TlsListener() {}

    /**
     * @param address null: every interface
     * @param port 0: any free port
     */
    static HttpsServer open(
            InetAddress address,
            int port,
            ServingCertificate certificate,
            FrontProxies proxies,
            HttpHandler handler,
            Executor executor)
            throws IOException, GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(certificate.keyManagers(), new TrustManager[] {proxies}, null);
        HttpsServer https = HttpsServer.create(
                address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setWantClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        https.createContext("/", handler);
        https.setExecutor(executor);
        https.start();
        return https;
    }
}
