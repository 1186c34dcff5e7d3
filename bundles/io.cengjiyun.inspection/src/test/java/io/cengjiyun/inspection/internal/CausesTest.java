/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.inspection.Cause;
import io.cengjiyun.inspection.EventView;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CausesTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final String QUOTA_MESSAGE = "Error creating: pods \"web-5d4f7-abcde\" is forbidden: exceeded quota:"
            + " cengjiyun-quota, requested: limits.cpu=500m, used: limits.cpu=1, limited: limits.cpu=1";

    private static ReplicaSet replicaSet(int want, int have) {
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("web-5d4f7")
                .withUid("rs-uid")
                .endMetadata()
                .withNewSpec()
                .withReplicas(want)
                .endSpec()
                .withNewStatus()
                .withReplicas(have)
                .endStatus()
                .build();
    }

    private static Event event(
            String uid, String kind, String name, String reason, String message, String last, int count) {
        return new EventBuilder()
                .withNewMetadata()
                .withName(name + "." + reason + last)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind(kind)
                .withName(name)
                .withUid(uid)
                .endInvolvedObject()
                .withType("Warning")
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(last)
                .withLastTimestamp(last)
                .withCount(count)
                .build();
    }

    private static Snapshot snapshot(List<ReplicaSet> sets, List<Pod> pods, List<Event> events) {
        return new Snapshot(
                "web", "shop-dev", null, sets, List.of(), pods, List.of(), List.of(), List.of(), null, events);
    }

    private static Pod pod(ContainerStatus status) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("web-5d4f7-x1")
                .withUid("pod-uid")
                .withNamespace("shop-dev")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("cengjiyun.test/busybox:1")
                .withNewResources()
                .withLimits(Map.of("memory", new Quantity("32Mi")))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withContainerStatuses(status)
                .endStatus()
                .build();
    }

    @Test
    void aQuotaThatBlocksTheNewReplicaSetIsNamedWithRequestedUsedAndLimit() {
        Snapshot s = snapshot(
                List.of(replicaSet(1, 0)),
                List.of(),
                List.of(event(
                        "rs-uid",
                        "ReplicaSet",
                        "web-5d4f7",
                        "FailedCreate",
                        QUOTA_MESSAGE,
                        "2026-12-05T09:59:58Z",
                        7)));
        List<Cause> causes = Causes.of(s, NOW, (p, c) -> null);
        assertEquals(1, causes.size(), causes.toString());
        assertEquals("QuotaExceeded", causes.get(0).kind());
        assertEquals("ReplicaSet/web-5d4f7", causes.get(0).object());
        assertTrue(
                causes.get(0)
                        .message()
                        .startsWith(
                                "quota exceeded: a new pod requests limits.cpu=500m; the appmap uses limits.cpu=1 of"
                                        + " limits.cpu=1 (quota cengjiyun-quota)"),
                causes.get(0).message());
    }

    @Test
    void aQuotaEventNoLongerCountsOnceTheReplicaSetHasItsPodsOrTheEventIsOld() {
        Event e = event("rs-uid", "ReplicaSet", "web-5d4f7", "FailedCreate", QUOTA_MESSAGE, "2026-12-05T09:59:58Z", 1);
        assertEquals(
                List.of(), Causes.of(snapshot(List.of(replicaSet(1, 1)), List.of(), List.of(e)), NOW, (p, c) -> null));
        Event old =
                event("rs-uid", "ReplicaSet", "web-5d4f7", "FailedCreate", QUOTA_MESSAGE, "2026-12-05T09:30:00Z", 1);
        assertEquals(
                List.of(),
                Causes.of(snapshot(List.of(replicaSet(1, 0)), List.of(), List.of(old)), NOW, (p, c) -> null));
    }

    @Test
    void aCrashLoopNamesTheExitCodeAndTheLastLogLine() {
        ContainerStatus cs = new ContainerStatusBuilder()
                .withName("app")
                .withImage("cengjiyun.test/busybox:1")
                .withRestartCount(3)
                .withReady(false)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .endWaiting()
                .endState()
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(3)
                .withReason("Error")
                .withFinishedAt("2026-12-05T09:59:00Z")
                .endTerminated()
                .endLastState()
                .build();
        List<Cause> causes =
                Causes.of(snapshot(List.of(), List.of(pod(cs)), List.of()), NOW, (p, c) -> "boom: no config");
        assertEquals(1, causes.size(), causes.toString());
        assertEquals("CrashLoop", causes.get(0).kind());
        assertEquals(
                "container app keeps crashing: exit code 3 (Error), restarted 3 times; its last log line: boom: no config."
                        + " Read its logs (previous container) for why it exits",
                causes.get(0).message());
    }

    @Test
    void anOomKillNamesExitCode137AndTheLimit() {
        ContainerStatus cs = new ContainerStatusBuilder()
                .withName("app")
                .withRestartCount(1)
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(137)
                .withReason("OOMKilled")
                .endTerminated()
                .endLastState()
                .build();
        Cause c = Causes.container(pod(cs), cs, (p, x) -> null);
        assertEquals("OOMKilled", c.kind());
        assertTrue(c.message().contains("OOMKilled, exit code 137, limit 32Mi"), c.message());
    }

    @Test
    void aRegistryThatRefusesTheCredentialsIsNamedWithWhatToDo() {
        ContainerStatus cs = new ContainerStatusBuilder()
                .withName("app")
                .withImage("10.1.2.3:5443/cengjiyun/busybox:1")
                .withNewState()
                .withNewWaiting()
                .withReason("ErrImagePull")
                .withMessage("rpc error: code = Unknown desc = failed to pull and unpack image"
                        + " \"10.1.2.3:5443/cengjiyun/busybox:1\": failed to resolve reference: pulling from host"
                        + " 10.1.2.3:5443 failed with status code [manifests 1]: 401 Unauthorized")
                .endWaiting()
                .endState()
                .build();
        Cause c = Causes.container(pod(cs), cs, (p, x) -> null);
        assertEquals("ImagePull", c.kind());
        assertTrue(
                c.message()
                        .startsWith("container app: cannot pull 10.1.2.3:5443/cengjiyun/busybox:1: 401 Unauthorized"
                                + " from 10.1.2.3:5443 (ErrImagePull)"),
                c.message());
        assertTrue(c.message().contains("PUT /services/{service}/registries/{name}"), c.message());
        ContainerStatus untrusted = new ContainerStatusBuilder()
                .withName("app")
                .withImage("10.1.2.3:5443/cengjiyun/busybox:1")
                .withNewState()
                .withNewWaiting()
                .withReason("ErrImagePull")
                .withMessage("rpc error: failed to do request: Head \"https://10.1.2.3:5443/v2/cengjiyun/busybox/"
                        + "manifests/1\": x509: certificate signed by unknown authority")
                .endWaiting()
                .endState()
                .build();
        String why = Causes.container(pod(untrusted), untrusted, (p, x) -> null).message();
        assertTrue(why.contains("the node does not trust the TLS certificate of 10.1.2.3:5443"), why);
        assertTrue(why.contains("x509: certificate signed by unknown authority"), why);
        assertEquals("docker.io", Causes.registryOf("library/nginx:1"));
        assertEquals("docker.io", Causes.registryOf("nginx"));
        assertEquals("localhost:5000", Causes.registryOf("localhost:5000/x"));
    }

    @Test
    void anImageThatCannotBePulledIsNamed() {
        ContainerStatus cs = new ContainerStatusBuilder()
                .withName("app")
                .withImage("cengjiyun.test/none:1")
                .withNewState()
                .withNewWaiting()
                .withReason("ErrImageNeverPull")
                .withMessage("Container image \"cengjiyun.test/none:1\" is not present with pull policy of Never")
                .endWaiting()
                .endState()
                .build();
        Cause c = Causes.container(pod(cs), cs, (p, x) -> null);
        assertEquals("ImagePull", c.kind());
        assertTrue(
                c.message()
                        .startsWith("container app: image cengjiyun.test/none:1 cannot be pulled (ErrImageNeverPull"),
                c.message());
        ContainerStatus running = new ContainerStatusBuilder()
                .withName("app")
                .withReady(true)
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .build();
        assertNull(Causes.container(pod(running), running, (p, x) -> null));
    }

    @Test
    void eventsMergeByObjectReasonAndMessageNewestFirst() {
        List<EventView> merged = Events.merge(List.of(
                event("a", "Pod", "web-1", "BackOff", "Back-off restarting", "2026-12-05T09:50:00Z", 2),
                event("b", "ReplicaSet", "web-5d4f7", "FailedCreate", QUOTA_MESSAGE, "2026-12-05T09:59:00Z", 1),
                event("a", "Pod", "web-1", "BackOff", "Back-off restarting", "2026-12-05T09:55:00Z", 3)));
        assertEquals(2, merged.size(), merged.toString());
        assertEquals("ReplicaSet/web-5d4f7", merged.get(0).object());
        assertEquals(
                new EventView(
                        "Warning",
                        "BackOff",
                        "Back-off restarting",
                        "Pod/web-1",
                        5,
                        "2026-12-05T09:50:00Z",
                        "2026-12-05T09:55:00Z",
                        null),
                merged.get(1));
    }
}
