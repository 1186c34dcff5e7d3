/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.Container;
import io.cengjiyun.api.JobSettings;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionJsonTest {
    private final DefinitionJson json = new DefinitionJson();

    @Test
    void aStoredDefinitionKeepsItsPodAndJobFields() {
        ServerDefinition def = new ServerDefinition(
                "tick",
                ServerKind.CronJob,
                null,
                null,
                List.of(new Container("tick", "busybox:1.36", null, null, null, null, null, null, null, null)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "*/5 * * * *",
                List.of(Map.of("key", "dedicated", "operator", "Exists", "effect", "NoSchedule")),
                Map.of(
                        "podAntiAffinity",
                        Map.of(
                                "preferredDuringSchedulingIgnoredDuringExecution",
                                List.of(Map.of(
                                        "weight",
                                        50,
                                        "podAffinityTerm",
                                        Map.of("topologyKey", "kubernetes.io/hostname"))))),
                "ticker",
                15,
                new JobSettings(1, 1, 2, 600, 60, "Replace", 20, 3, 1, true, "OnFailure"));

        assertEquals(def, json.read(json.write(def), "server 'tick'"));
    }

    @Test
    void aStoredDefinitionKeepsEveryOtherSectionVerbatim() throws Exception {
        String stored = "{\"name\":\"web\",\"kind\":\"Deployment\",\"containers\":[{\"name\":\"web\","
                + "\"image\":\"nginx:1.27\"}],\"hello\":{\"greeting\":\"hi\",\"to\":[\"ana\",{\"n\":1}]},"
                + "\"ingress\":{\"host\":\"web.example\",\"tls\":true}}";

        ServerDefinition read = json.read(stored, "server 'web'");

        assertEquals(
                Map.of("greeting", "hi", "to", List.of("ana", Map.of("n", 1))),
                read.sections().get("hello"));
        assertEquals(java.util.Set.of("hello", "ingress"), read.sections().keySet());
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(mapper.readTree(stored), mapper.readTree(json.write(read)));
    }
}
