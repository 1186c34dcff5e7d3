/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import static io.cengjiyun.ports.internal.Fixtures.node;
import static io.cengjiyun.ports.internal.Fixtures.service;
import static io.cengjiyun.ports.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cengjiyun.api.NotFoundException;
import org.junit.jupiter.api.Test;

class PortsCommandsTest {

    private static PortsCommands commands(FakePlatform platform) {
        return new PortsCommands(new PortsLookup(platform.store(), platform.clusters()));
    }

    @Test
    void portsListsEachPortWithItsAddresses() {
        FakePlatform platform = new FakePlatform(web("Deployment", """
                [{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort'},
                 {'name': 'metrics', 'port': 9090, 'exposure': 'NodePort', 'nodePort': 30090}]"""));
        platform.services.add(service("shop-dev", "web", "NodePort", "10.96.0.10", 80, 31000));
        platform.nodes.add(node("kind-control-plane", "InternalIP=172.18.0.2"));

        assertEquals("""
                NAME     PORT  TARGET  PROTOCOL  EXPOSURE  NODEPORT  ADDRESSES
                http     80    8080    TCP       NodePort  31000     10.96.0.10:80, 172.18.0.2:31000
                metrics  9090  9090    TCP       NodePort  30090     - (not on the cluster yet)
                """, commands(platform).ports("shop", "dev", "web"));
    }

    @Test
    void aServerWithoutPortsSaysSo() {
        assertEquals(
                "server web has no ports\n",
                commands(new FakePlatform(web("Deployment", "[]"))).ports("shop", "dev", "web"));
    }

    @Test
    void aMissingServerIsNamed() {
        NotFoundException e = assertThrows(
                NotFoundException.class,
                () -> commands(new FakePlatform(web("Deployment", "[]"))).ports("shop", "dev", "api"));

        assertEquals("server 'api' in appmap 'dev' of service 'shop' does not exist", e.getMessage());
    }
}
