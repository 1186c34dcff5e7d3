/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.rest.JsonMappers;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST resources over the Derby platform: status codes, ETags, rights, and secrets that are never shown. */
class ConfigsResourceTest {
    private static final DerbyPlatform PLATFORM = new DerbyPlatform();
    private static final UriInfo URI_INFO = (UriInfo) Proxy.newProxyInstance(
            ConfigsResourceTest.class.getClassLoader(), new Class<?>[] {UriInfo.class}, (proxy, method, args) -> {
                if (method.getName().equals("getAbsolutePathBuilder")) {
                    return UriBuilder.fromUri("http://localhost:8080/api/v1/services/shop/appmaps/dev/secrets");
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private final ConfigMapsResource configMaps = new ConfigMapsResource(PLATFORM.changes());
    private final SecretsResource secrets = new SecretsResource(PLATFORM.changes());

    @AfterEach
    void empty() throws SQLException {
        PLATFORM.empty();
    }

    @AfterAll
    static void drop() {
        PLATFORM.close();
    }

    @Test
    void aCreatedSecretAnswers201WithItsLocationAndVersionButNoValue() throws Exception {
        Response r = secrets.create(
                "shop", "dev", new ConfigInput("db", Map.of("password", "hunter2"), null), null, URI_INFO);

        assertEquals(201, r.getStatus());
        assertEquals(URI.create("http://localhost:8080/api/v1/services/shop/appmaps/dev/secrets/db"), r.getLocation());
        assertEquals("1", r.getEntityTag().getValue());
        String body = JsonMappers.json().writeValueAsString(r.getEntity());
        assertTrue(body.contains("\"keys\":[\"password\"]"), body);
        assertFalse(body.contains("hunter2"), body);
    }

    @Test
    void readingASecretShowsItsKeysOnly() throws Exception {
        secrets.replace("shop", "dev", "db", new ConfigInput(null, Map.of("password", "hunter2"), true), null);

        String one = JsonMappers.json()
                .writeValueAsString(secrets.get("shop", "dev", "db").getEntity());
        String all = JsonMappers.json()
                .writeValueAsString(secrets.list("shop", "dev").getEntity());

        assertEquals(JsonMappers.json().readTree("""
                {"name": "db", "keys": ["password"], "restartServers": true, "usedBy": [], "version": 1,
                 "createdAt": "2026-03-01T09:00:00Z", "updatedAt": "2026-03-01T09:00:00Z", "updatedBy": "anonymous"}"""), JsonMappers.json().readTree(one));
        assertFalse(all.contains("hunter2"), all);
    }

    @Test
    void aConfigMapShowsItsDataAndDeletingAnswers204() {
        configMaps.replace("shop", "dev", "app", new ConfigInput("app", Map.of("mode", "prod"), null), null);

        Response got = configMaps.get("shop", "dev", "app");
        assertEquals(Map.of("mode", "prod"), ((ConfigView) got.getEntity()).data());
        assertEquals("1", got.getEntityTag().getValue());
        assertEquals(204, configMaps.delete("shop", "dev", "app").getStatus());
    }

    @Test
    void aPutNamingAnInvalidNameIsRefused() {
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> configMaps.replace("shop", "dev", "Bad", new ConfigInput(null, Map.of(), null), null));

        assertEquals("name", e.errors().get(0).field());
    }

    @Test
    void viewersReadAndDevelopersWrite() {
        for (Class<?> resource :
                new Class<?>[] {ConfigMapsResource.class, SecretsResource.class, VolumesResource.class}) {
            for (Method m : resource.getMethods()) {
                boolean read = m.isAnnotationPresent(GET.class);
                boolean write = m.isAnnotationPresent(POST.class)
                        || m.isAnnotationPresent(PUT.class)
                        || m.isAnnotationPresent(DELETE.class);
                if (read || write) {
                    assertEquals(
                            read ? Right.VIEWER : Right.DEVELOPER,
                            m.getAnnotation(Allow.class).value(),
                            resource.getSimpleName() + "." + m.getName());
                }
            }
        }
    }
}
