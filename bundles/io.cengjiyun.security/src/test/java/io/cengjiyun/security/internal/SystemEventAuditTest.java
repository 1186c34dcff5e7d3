/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/** The start-up reconcile is audited as the actor system; what users did is audited by their request, not again. */
class SystemEventAuditTest {
    private static final Instant AT = Instant.parse("2026-12-04T03:00:00.250Z");

    private final List<AuditRecord> records = new ArrayList<>();
    private final SystemEventAudit audit = new SystemEventAudit(records::add);

    @Test
    void theStartupReconcileIsAuditedAsSystem() {
        audit.handleEvent(DomainEvent.builder(Topics.SERVER_DRIFT_FOUND)
                .server("shop", "dev", "web")
                .kind("Deployment")
                .revision(4L)
                .actor(Topics.SYSTEM)
                .state("RUNNING")
                .cause("the cluster runs revision 3")
                .timestamp(AT)
                .build()
                .toEvent());
        audit.handleEvent(DomainEvent.builder(Topics.SERVER_RECONCILED)
                .server("shop", "dev", "web")
                .kind("Deployment")
                .revision(4L)
                .actor(Topics.SYSTEM)
                .state("UPDATING")
                .cause("the cluster runs revision 3")
                .timestamp(AT)
                .build()
                .toEvent());

        assertEquals(2, records.size());
        AuditRecord drift = records.get(0);
        assertEquals(
                new AuditRecord(
                        0,
                        AT,
                        "system",
                        "platform",
                        "DRIFT",
                        "/services/shop/appmaps/dev/servers/web",
                        "shop",
                        200,
                        "success",
                        "io/cengjiyun/server/DRIFT_FOUND, revision 4, state RUNNING: the cluster runs revision 3"),
                drift);
        assertEquals("RECONCILE", records.get(1).action());
        assertTrue(records.stream().allMatch(r -> r.action().length() <= 10), "the action column holds 10 characters");
    }

    @Test
    void aFailedRolloutOfTheSystemIsAuditedAsFailed() {
        audit.handleEvent(DomainEvent.builder(Topics.SERVER_ROLLOUT_FAILED)
                .server("shop", "dev", "web")
                .revision(4L)
                .actor(Topics.SYSTEM)
                .state("FAILED")
                .cause("container web: ImagePullBackOff")
                .timestamp(AT)
                .build()
                .toEvent());

        assertEquals("ROLLOUT", records.get(0).action());
        assertEquals("failed", records.get(0).outcome());
        assertEquals(500, records.get(0).status());
    }

    @Test
    void anEventOfAUserIsNotAuditedAgain() {
        audit.handleEvent(DomainEvent.builder(Topics.SERVER_STOPPED)
                .server("shop", "dev", "web")
                .actor("alice")
                .build()
                .toEvent());
        audit.handleEvent(DomainEvent.builder(Topics.SERVER_STOPPED)
                .server("shop", "dev", "web")
                .actor("console")
                .build()
                .toEvent());

        assertEquals(List.of(), records);
    }

    @Test
    void theEventAdminIsAskedForTheSystemsEventsOnly() {
        assertEquals("(actor=system)", SystemEventAudit.FILTER);
    }

    @Test
    void anEventOfAnotherTopicIsIgnored() {
        audit.handleEvent(new Event("org/osgi/framework/BundleEvent/STARTED", Map.of("actor", "system")));

        assertEquals(List.of(), records);
    }
}
