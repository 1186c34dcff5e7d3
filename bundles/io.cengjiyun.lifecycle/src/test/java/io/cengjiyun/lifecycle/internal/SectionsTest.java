/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.Container;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ServerPort;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SectionsTest {
    private static final ServerObjectContributor PORTS = new ServerObjectContributor() {
        @Override
        public void contribute(ServerObjects objects) {}

        @Override
        public Map<String, String> sectionSchemas() {
            return Map.of("ports", "{\"type\": \"array\"}");
        }
    };

    private static ServerDefinition web(List<ServerPort> ports, Autoscaling autoscaling) {
        return new ServerDefinition(
                "web",
                ServerKind.Deployment,
                1,
                null,
                List.of(new Container("web", "nginx:1.27", null, null, null, null, null, null, null, null)),
                ports,
                null,
                null,
                autoscaling,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void aDefinitionUsesTheSectionsItGives() {
        assertEquals(Set.of(), Sections.used(web(List.of(), null)));
        assertEquals(
                Set.of("ports", "autoscaling"),
                Sections.used(web(
                        List.of(new ServerPort("http", 80, null, null, null, null)), new Autoscaling(1, 2, 70, null))));
    }

    @Test
    void aSectionWhoseBundleIsGoneNamesTheSectionAndTheBundle() {
        Sections sections = new Sections();
        sections.bound(PORTS);
        ServerDefinition def = web(List.of(new ServerPort("http", 80, null, null, null, null)), null);
        sections.requireOwners(def, List.of(PORTS)); // owned: fine

        UnavailableException e = assertThrows(UnavailableException.class, () -> sections.requireOwners(def, List.of()));
        assertTrue(
                e.getMessage()
                        .contains("'ports' (owned by the bundle "
                                + PORTS.getClass().getPackageName() + ")"),
                e.getMessage());
        assertTrue(e.getMessage().contains("nothing was applied"), e.getMessage());
    }

    @Test
    void aSectionNoBundleEverOwnedSaysHowToFindOne() {
        UnavailableException e = assertThrows(
                UnavailableException.class,
                () -> new Sections().requireOwners(web(null, new Autoscaling(1, 2, 70, null)), List.of(PORTS)));
        assertTrue(e.getMessage().contains("the section 'autoscaling', which no running bundle owns"), e.getMessage());
        assertTrue(e.getMessage().contains("deploy/"), e.getMessage());
    }

    @Test
    void theSchemasAreThoseOfTheRunningContributors() {
        assertEquals(Map.of("ports", "{\"type\": \"array\"}"), Sections.schemas(List.of(PORTS)));
    }

    private static final ServerObjectContributor HELLO = new ServerObjectContributor() {
        @Override
        public void contribute(ServerObjects objects) {}

        @Override
        public Map<String, String> sectionSchemas() {
            return Map.of("hello", "{\"type\": \"object\"}");
        }
    };

    @Test
    void anOtherSectionIsUsedAndNeedsItsOwner() {
        ServerDefinition def = web(null, null).withSection("hello", Map.of("greeting", "hi"));
        assertEquals(Set.of("hello"), Sections.used(def));
        Sections sections = new Sections();
        sections.bound(HELLO);
        sections.requireOwners(def, List.of(PORTS, HELLO)); // owned: fine

        UnavailableException gone =
                assertThrows(UnavailableException.class, () -> sections.requireOwners(def, List.of(PORTS)));
        assertTrue(
                gone.getMessage()
                        .contains("'hello' (owned by the bundle "
                                + HELLO.getClass().getPackageName() + "), and that bundle is not running"),
                gone.getMessage());
        UnavailableException never =
                assertThrows(UnavailableException.class, () -> new Sections().requireOwners(def, List.of(PORTS)));
        assertTrue(
                never.getMessage().contains("the section 'hello', which no running bundle owns"), never.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDefinitionSchemaHasEachRunningSectionUnderProperties() {
        Map<String, Object> schema = Sections.definitionSchema(Sections.schemas(List.of(PORTS, HELLO)));
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        assertEquals(Map.of("type", "object"), properties.get("hello"));
        assertEquals(Map.of("type", "array"), properties.get("ports"));
    }
}
