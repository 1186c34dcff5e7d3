/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a cluster's failure becomes: 503 when it does not answer (whatever fabric8's code), 422/409 when it refuses. */
class ClusterFailuresTest {
    private static final AppMap APPMAP = AppMap.of("shop", "dev", "local", null, null, null);
    private static final Server WEB = new Server(
            "shop",
            "dev",
            "web",
            1,
            Definitions.definition(
                    "{\"name\": \"web\", \"kind\": \"Deployment\", \"containers\": [{\"name\": \"web\", \"image\": \"busybox:1\"}]}"),
            Instant.now(),
            Instant.now(),
            "ana");

    private static RuntimeException translated(KubernetesClientException e) {
        return ServerRuntimes.translate(APPMAP, WEB, "stop", e);
    }

    @Test
    void aTransportFailureIsUnavailableAndSaysTheDefinitionIsKept() {
        // fabric8 7 gives transport failures the code -1
        RuntimeException e = translated(
                new KubernetesClientException("Operation: [get]", new IOException("x", new ClosedChannelException())));
        assertInstanceOf(UnavailableException.class, e);
        assertTrue(e.getMessage().contains("Could not stop server 'web' on cluster 'local'"), e.getMessage());
        assertTrue(e.getMessage().contains("The stored definition is kept"), e.getMessage());

        RuntimeException refused = translated(
                new KubernetesClientException("Operation: [get]", new ConnectException("Connection refused")));
        assertInstanceOf(UnavailableException.class, refused);
        assertTrue(refused.getMessage().contains("the API server refused the connection"), refused.getMessage());
    }

    @Test
    void aClosedConnectionIsNamedAsSuch() {
        assertEquals(
                "the connection to the API server was closed (is it running?)",
                ClusterErrorText.of(new KubernetesClientException("failed", new ClosedChannelException())));
    }

    @Test
    void serverErrorsAreUnavailableAndRefusalsAreInvalidWithTheClustersReason() {
        assertInstanceOf(UnavailableException.class, translated(new KubernetesClientException("etcd", 503, null)));
        RuntimeException refused = translated(new KubernetesClientException(new StatusBuilder()
                .withCode(422)
                .withMessage(
                        "Deployment.apps \"web\" is invalid: spec.template.spec.containers[0].image: Required value")
                .build()));
        ValidationException invalid = assertInstanceOf(ValidationException.class, refused);
        assertEquals("definition", invalid.errors().get(0).field());
        assertTrue(invalid.getMessage().contains("spec.template.spec.containers[0].image: Required value"));
        assertInstanceOf(
                ConflictException.class,
                translated(new KubernetesClientException(new StatusBuilder()
                        .withCode(409)
                        .withMessage("the object has been modified")
                        .build())));
    }
}
