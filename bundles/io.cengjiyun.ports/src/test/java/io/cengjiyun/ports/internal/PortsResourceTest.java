/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import static io.cengjiyun.ports.internal.Fixtures.byField;
import static io.cengjiyun.ports.internal.Fixtures.node;
import static io.cengjiyun.ports.internal.Fixtures.ports;
import static io.cengjiyun.ports.internal.Fixtures.service;
import static io.cengjiyun.ports.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.IntOrString;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Caller;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsResourceTest {
    private static final String HTTP = "[{'name': 'http', 'port': 80, 'targetPort': 8080}]";

    private final FakePlatform platform = new FakePlatform(web("StatefulSet", HTTP));
    private final List<String> listed = new ArrayList<>();
    private final PortsResource resource =
            new PortsResource(platform.servers(), new PortsLookup(platform.store(), platform.clusters()), cluster -> {
                listed.add(cluster);
                return platform.services;
            });

    private Server put(String portsJson, String ifMatch) {
        return resource.update(
                "shop",
                "dev",
                FakePlatform.DEV,
                "web",
                portsJson == null ? null : ports(portsJson),
                ifMatch,
                "dev-user");
    }

    @Test
    void replacingPortsStoresANewRevisionWithEverythingElseKept() {
        ServerDefinition before = platform.server.definition();

        Server updated = put("[{'name': 'web', 'port': 443, 'targetPort': 'http', 'exposure': 'NodePort'}]", null);

        assertEquals(4, updated.version());
        assertEquals(1, platform.updates.size());
        Object[] call = platform.updates.get(0);
        ServerDefinition stored = (ServerDefinition) call[0];
        assertEquals(
                ports("[{'name': 'web', 'port': 443, 'targetPort': 'http', 'exposure': 'NodePort'}]"), stored.ports());
        assertEquals(before, stored.withPorts(before.ports()), "only the ports changed");
        assertEquals(HierarchyStore.ANY_VERSION, call[1]);
        assertEquals("dev-user", call[2]);
        assertEquals("ports changed", call[3]);
        assertEquals(List.of(), listed, "no fixed node port, no need to ask the cluster");
    }

    @Test
    void anEmptyListRemovesEveryPort() {
        put("[]", null);

        assertEquals(List.of(), ((ServerDefinition) platform.updates.get(0)[0]).ports());
    }

    @Test
    void ifMatchNamesTheVersionTheChangeIsBasedOn() {
        put(HTTP, "\"3\"");
        put(HTTP, "W/\"4\"");
        put(HTTP, "*");

        assertEquals(
                List.of(3L, 4L, HierarchyStore.ANY_VERSION),
                platform.updates.stream().map(u -> u[1]).toList());
        ValidationException e = assertThrows(ValidationException.class, () -> put(HTTP, "v3"));
        assertEquals(Set.of("If-Match"), byField(e.errors()).keySet());
    }

    @Test
    void invalidPortsAreRefusedBeforeAnythingIsStored() {
        ValidationException e =
                assertThrows(ValidationException.class, () -> put("[{'port': 80, 'targetPort': 8081}]", null));

        assertEquals(
                Set.of("ports[0].name", "ports[0].targetPort"),
                byField(e.errors()).keySet());
        assertEquals(422, e.status());
        assertEquals(List.of(), platform.updates);
    }

    @Test
    void aMissingBodyIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> put(null, null));

        assertTrue(byField(e.errors()).get("body").contains("[] to remove them all"));
    }

    @Test
    void aTakenNodePortIsAConflictBeforeAnythingIsStored() {
        platform.services.add(service("billing", "api", "NodePort", "10.96.0.9", 80, 30080));

        ConflictException e = assertThrows(
                ConflictException.class,
                () -> put(
                        "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 30080}]",
                        null));

        assertTrue(e.getMessage().contains("ports[0].nodePort: 30080 is held by Service billing/api"), e.getMessage());
        assertEquals(List.of("kind"), listed);
        assertEquals(List.of(), platform.updates);
    }

    @Test
    void aMissingServerIs404() {
        NotFoundException e = assertThrows(
                NotFoundException.class,
                () -> resource.update("shop", "dev", FakePlatform.DEV, "api", ports(HTTP), null, "dev-user"));

        assertEquals(404, e.status());
        assertEquals("server 'api' in appmap 'dev' of service 'shop' does not exist", e.getMessage());
        assertThrows(
                NotFoundException.class,
                () -> new PortsLookup(platform.store(), platform.clusters()).appMap("shop", "prod"));
    }

    @Test
    void theAuthorIsTheCallerOrAnonymous() {
        Caller caller = new Caller("mei", false, Map.of());

        assertEquals("mei", io.cengjiyun.rest.Versions.author(security(caller)));
        assertEquals("anonymous", io.cengjiyun.rest.Versions.author(security(null)));
        assertEquals("anonymous", io.cengjiyun.rest.Versions.author(null));
    }

    @Test
    void theViewShowsTheLiveServicesAddresses() {
        platform.services.add(service("shop-dev", "web", "NodePort", "10.96.0.10", 80, 30123));
        platform.services.add(service("shop-prod", "web", "NodePort", "10.96.0.11", 80, 30124));
        platform.nodes.add(node("kind-control-plane", "InternalIP=172.18.0.2"));
        PortsLookup lookup = new PortsLookup(platform.store(), platform.clusters());

        List<PortView> view = lookup.ports(FakePlatform.DEV, lookup.server("shop", "dev", "web"));

        assertEquals(
                List.of(new PortView(
                        "http",
                        80,
                        IntOrString.of(8080),
                        "TCP",
                        "ClusterIP",
                        30123,
                        List.of("10.96.0.10:80", "172.18.0.2:30123"))),
                view);
    }

    @Test
    void aClusterNeverReachedLeavesTheAddressesUnknown() {
        platform.cached = false;
        PortsLookup lookup = new PortsLookup(platform.store(), platform.clusters());

        UnavailableException e = assertThrows(
                UnavailableException.class, () -> lookup.ports(FakePlatform.DEV, lookup.server("shop", "dev", "web")));

        assertEquals(503, e.status());
        assertTrue(
                e.getMessage().contains("cluster 'kind' has not been reached yet (connection refused)"),
                e.getMessage());
    }

    private static SecurityContext security(Principal principal) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        };
    }
}
