/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A runtime with a certificate and key in etc/tls/ (made at test time) and {@code cengjiyun.https.redirect=true}: it
 * serves HTTPS with that certificate, its session cookie is Secure, and plain HTTP serves nothing: reads are
 * redirected, a sign-in is refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpsIT extends CengjiyunTestSupport {

    private static final String CREDENTIALS = "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}";

    private X509Certificate certificate;
    private HttpClient tls;

    @Override
    protected void prepareHome(Path home, Map<String, String> frameworkProperties) throws IOException {
        TestCertificates.writeSelfSigned(home.resolve("etc/tls"));
        frameworkProperties.put("org.osgi.service.http.port.secure", Integer.toString(RuntimeOptions.freePort()));
        frameworkProperties.put("cengjiyun.https.redirect", "true");
    }

    @Before
    public void trustTheRuntimesCertificate() throws Exception {
        certificate = TestCertificates.read(Path.of(bundleContext.getProperty("cengjiyun.home"), "etc/tls/cert.pem"));
        tls = HttpClient.newBuilder()
                .sslContext(TestCertificates.trusting(certificate))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        waitForAssert(
                () -> {
                    try {
                        HttpResponse<String> health = tls.send(
                                HttpRequest.newBuilder(https("/health")).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(health.body(), 200, health.statusCode());
                    } catch (IOException e) {
                        throw new AssertionError("GET " + https("/health") + ": " + e, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                },
                Duration.ofSeconds(60));
    }

    @Test
    public void aSignInOverHttpsGetsASecureSessionCookieFromTheConfiguredCertificate() throws Exception {
        HttpResponse<String> session = tls.send(
                HttpRequest.newBuilder(https("/auth/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(CREDENTIALS))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(session.body(), 200, session.statusCode());
        assertEquals(
                "the runtime presents the certificate of etc/tls/cert.pem",
                certificate,
                session.sslSession().orElseThrow().getPeerCertificates()[0]);
        String setCookie = session.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(setCookie, setCookie.startsWith("cj_session=cjt_"));
        assertTrue(setCookie, setCookie.contains("Secure") && setCookie.contains("HttpOnly"));
        HttpResponse<String> services = tls.send(
                HttpRequest.newBuilder(https("/services"))
                        .header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(services.body(), 200, services.statusCode());
    }

    @Test
    public void aPlainHttpSignInIsRefusedAndNamesTheHttpsUrl() throws Exception {
        for (String path : new String[] {"/auth/session", "/auth/token"}) {
            HttpResponse<String> refused = send(anonymous(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(CREDENTIALS)));

            assertProblem(refused, 403);
            assertTrue(
                    refused.body(),
                    body(refused).get("detail").asText().contains(https(path).toString()));
            assertFalse(
                    "no session in clear",
                    refused.headers().firstValue("Set-Cookie").isPresent());
            assertFalse("no token in clear: " + refused.body(), refused.body().contains("cjt_"));
        }
    }

    @Test
    public void aPlainHttpReadIsRedirectedToHttps() throws Exception {
        HttpResponse<String> redirected = send(anonymous("/health?verbose=1").GET());

        assertEquals(redirected.body(), 301, redirected.statusCode());
        assertEquals(
                https("/health?verbose=1").toString(),
                redirected.headers().firstValue("Location").orElse(""));
    }

    @Test
    public void aClientThatDoesNotTrustTheCertificateCannotConnect() throws Exception {
        try {
            HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(https("/health")).build(), HttpResponse.BodyHandlers.ofString());
            fail("a self-signed certificate no one trusts was accepted");
        } catch (SSLHandshakeException expected) {
            // the JDK's default trust store does not hold the test's certificate
        }
    }

    private URI https(String path) {
        return URI.create("https://127.0.0.1:" + bundleContext.getProperty("org.osgi.service.http.port.secure")
                + "/api/v1" + path);
    }
}
