/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import static io.cengjiyun.volumes.internal.Fixtures.claim;
import static io.cengjiyun.volumes.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumesLookupTest {
    private static Server server(String name, ServerDefinition def) {
        return new Server("shop", "dev", name, 1, def.withName(name), Instant.EPOCH, Instant.EPOCH, "ann");
    }

    private static PersistentVolumeClaim live(String name, String server, String phase, String capacity) {
        PersistentVolumeClaim c = claim(name, "1Gi", "standard", "ReadWriteOnce");
        c.getMetadata().setLabels(Map.of("cengjiyun.io/server", server));
        PersistentVolumeClaimStatus status = new PersistentVolumeClaimStatus();
        status.setPhase(phase);
        status.setCapacity(capacity == null ? null : Map.of("storage", new Quantity(capacity)));
        c.setStatus(status);
        return c;
    }

    @Test
    void eachClaimSaysItsStateAndWhichServersUseIt() {
        String data = "[{'name': 'data', 'type': 'persistent', 'size': '1Gi', 'mountPath': '/data'}]";
        List<Server> servers = List.of(
                server("web", web("Deployment", data)),
                server("db", web("StatefulSet", data)),
                server("new", web("Deployment", data)));
        List<PersistentVolumeClaim> live = List.of(
                live("web-data", "web", "Bound", "1Gi"),
                live("data-db-0", "db", "Bound", "1Gi"),
                live("data-db-1", "db", "Pending", null),
                live("gone-data", "gone", "Bound", "1Gi"));

        List<ClaimView> views = VolumesLookup.claims(servers, live);

        assertEquals(
                List.of(
                        new ClaimView(
                                "data-db-0",
                                "db",
                                "data",
                                "Bound",
                                "1Gi",
                                "1Gi",
                                "standard",
                                List.of("ReadWriteOnce"),
                                List.of("db")),
                        new ClaimView(
                                "data-db-1",
                                "db",
                                "data",
                                "Pending",
                                null,
                                "1Gi",
                                "standard",
                                List.of("ReadWriteOnce"),
                                List.of("db")),
                        new ClaimView(
                                "gone-data",
                                "gone",
                                null,
                                "Bound",
                                "1Gi",
                                "1Gi",
                                "standard",
                                List.of("ReadWriteOnce"),
                                List.of()),
                        new ClaimView(
                                "new-data",
                                "new",
                                "data",
                                "Missing",
                                null,
                                "1Gi",
                                null,
                                List.of("ReadWriteOnce"),
                                List.of("new")),
                        new ClaimView(
                                "web-data",
                                "web",
                                "data",
                                "Bound",
                                "1Gi",
                                "1Gi",
                                "standard",
                                List.of("ReadWriteOnce"),
                                List.of("web"))),
                views);
    }
}
