/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.cengjiyun.api.Leader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Issue 23: a runtime configured for replicas leads through a real Lease on the local cluster, the work that must run
 * once (here the start-up reconcile) runs only while it leads, stops when another replica takes the Lease, comes back
 * when the Lease is free again, and a runtime that stops leading on purpose gives the Lease up at once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LeaderIT extends CengjiyunTestSupport {
    private static final String IDENTITY = "itest-replica-a";
    private static final String NAMESPACE = "default";
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** The Lease of this JVM's runtime: the same name outside the framework (prepareHome) and inside (the tests). */
    private static String leaseName() {
        return "cengjiyun-itest-leader-" + ProcessHandle.current().pid();
    }

    @Override
    protected void prepareHome(Path home, Map<String, String> frameworkProperties) throws IOException {
        Files.writeString(
                home.resolve("etc/io.cengjiyun.leader.cfg"),
                "leaseName=" + leaseName() + "\nleaseNamespace=" + NAMESPACE + "\nidentity=" + IDENTITY
                        + "\nkubeconfig=" + LOCAL_KUBECONFIG + "\n");
    }

    @After
    public void deleteTheLeases() throws Exception {
        Kubectl kubectl = new Kubectl(LOCAL_KUBECONFIG);
        kubectl.run(
                Duration.ofSeconds(30),
                "-n",
                NAMESPACE,
                "delete",
                "lease",
                "--ignore-not-found",
                leaseName(),
                leaseName() + "-moved");
    }

    @Test
    public void theLeaseHolderAloneRunsTheOnceOnlyWorkAndGivesTheLeaseUpWhenItStops() throws Exception {
        Kubectl kubectl = new Kubectl(LOCAL_KUBECONFIG);
        Leader leader = service(Leader.class, Duration.ofSeconds(60));
        assertEquals(IDENTITY, leader.identity());
        assertEquals(IDENTITY, holder(kubectl, leaseName()));
        waitForAssert(() -> assertTrue("the start-up reconcile runs on the leader", reconcilerActive()));

        // Another replica takes the Lease (as one would after this one missed its renewals) and keeps renewing it.
        Instant takenAt = Instant.now();
        takeLease(kubectl, "itest-replica-b");
        Instant lostAt = null;
        while (Duration.between(takenAt, Instant.now()).toSeconds() < 20) {
            if (bundleContext.getServiceReference(Leader.class) == null) {
                lostAt = Instant.now();
                break;
            }
            takeLease(kubectl, "itest-replica-b");
            Thread.sleep(500);
        }
        assertNotNull("the runtime still leads 20 s after another replica took the Lease", lostAt);
        assertTrue("the start-up reconcile stopped with the lead", !reconcilerActive());
        System.out.printf(
                "LeaderIT: the lead was lost %d ms after another replica took the Lease%n",
                Duration.between(takenAt, lostAt).toMillis());
        // While the other replica renews, this one does not lead.
        for (int i = 0; i < 6; i++) {
            takeLease(kubectl, "itest-replica-b");
            assertNull("led while another replica renewed the Lease", bundleContext.getServiceReference(Leader.class));
            Thread.sleep(1_000);
        }

        // The other replica is gone without a word: the Lease runs out and this runtime leads again.
        Instant silentAt = Instant.now();
        Leader again = service(Leader.class, Duration.ofSeconds(30));
        assertEquals(IDENTITY, again.identity());
        assertEquals(IDENTITY, holder(kubectl, leaseName()));
        waitForAssert(() -> assertTrue("the start-up reconcile runs again on the new leader", reconcilerActive()));
        System.out.printf(
                "LeaderIT: led again %d ms after the other replica stopped renewing (lease 10 s)%n",
                Duration.between(silentAt, Instant.now()).toMillis());

        // The other replica takes it once more and then stops as a replica does: it gives the Lease up (no holder).
        // This runtime, which saw it held by another, leads within a retry period, not a lease duration.
        takeLease(kubectl, "itest-replica-b");
        waitForAssert(
                () -> assertNull(
                        "led while another replica held the Lease", bundleContext.getServiceReference(Leader.class)),
                Duration.ofSeconds(20));
        Instant givenUpAt = Instant.now();
        patchLease(
                kubectl,
                "{\"holderIdentity\":null,\"leaseDurationSeconds\":1,\"renewTime\":\""
                        + MICRO_TIME.format(Instant.now()) + "\"}");
        service(Leader.class, Duration.ofSeconds(8));
        assertEquals(IDENTITY, holder(kubectl, leaseName()));
        System.out.printf(
                "LeaderIT: led again %d ms after the other replica gave the Lease up%n",
                Duration.between(givenUpAt, Instant.now()).toMillis());

        // Stopping the election (here: a new Lease name, so the old election ends as it would when the runtime
        // stops) gives the old Lease up at once: no other replica has to wait for it to run out.
        ServiceReference<ConfigurationAdmin> adminRef = bundleContext.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = bundleContext.getService(adminRef);
        Configuration config = admin.getConfiguration("io.cengjiyun.leader", "?");
        Dictionary<String, Object> properties = config.getProperties();
        Dictionary<String, Object> moved = new Hashtable<>();
        for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            moved.put(key, properties.get(key));
        }
        moved.put("leaseName", leaseName() + "-moved");
        Instant stoppedAt = Instant.now();
        config.update(moved);
        bundleContext.ungetService(adminRef);
        waitForAssert(
                () -> {
                    try {
                        assertEquals(
                                "the old Lease is given up when the election stops", "", holder(kubectl, leaseName()));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                },
                Duration.ofSeconds(5));
        System.out.printf(
                "LeaderIT: the Lease was given up %d ms after the election stopped%n",
                Duration.between(stoppedAt, Instant.now()).toMillis());
        service(Leader.class, Duration.ofSeconds(30));
        assertEquals(IDENTITY, holder(kubectl, leaseName() + "-moved"));
    }

    /** The Lease's holder as the API server has it ("" when given up). */
    private static String holder(Kubectl kubectl, String lease) throws IOException, InterruptedException {
        Kubectl.Run run = kubectl.run(
                Duration.ofSeconds(30),
                "-n",
                NAMESPACE,
                "get",
                "lease",
                lease,
                "-o",
                "jsonpath={.spec.holderIdentity}");
        assertEquals(run.toString(), 0, run.exitCode());
        return run.output().strip();
    }

    private static void takeLease(Kubectl kubectl, String identity) throws IOException, InterruptedException {
        String now = MICRO_TIME.format(Instant.now());
        patchLease(
                kubectl,
                "{\"holderIdentity\":\"" + identity + "\",\"leaseDurationSeconds\":10,\"acquireTime\":\"" + now
                        + "\",\"renewTime\":\"" + now + "\"}");
    }

    /** Writes the Lease's spec as another replica would (a merge patch of the fields given). */
    private static void patchLease(Kubectl kubectl, String spec) throws IOException, InterruptedException {
        Kubectl.Run run = kubectl.run(
                Duration.ofSeconds(30),
                "-n",
                NAMESPACE,
                "patch",
                "lease",
                leaseName(),
                "--type",
                "merge",
                "-p",
                "{\"spec\":" + spec + "}");
        assertEquals(run.toString(), 0, run.exitCode());
    }

    /** Whether the start-up reconcile's component is active (it is, only while a Leader service is there). */
    private boolean reconcilerActive() {
        ServiceReference<ServiceComponentRuntime> ref =
                bundleContext.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = bundleContext.getService(ref);
        try {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (description.name.endsWith(".StartupReconciler")) {
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                        if (c.state == ComponentConfigurationDTO.ACTIVE) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } finally {
            bundleContext.ungetService(ref);
        }
    }
}
