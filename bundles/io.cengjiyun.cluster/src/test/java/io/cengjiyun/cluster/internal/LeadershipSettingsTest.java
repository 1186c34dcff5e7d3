/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the election takes from its configuration and the pod's environment, and what it refuses. */
class LeadershipSettingsTest {

    private static LeaderConfig config(String lease, String namespace, int duration, int renew, int retry) {
        return new LeaderConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LeaderConfig.class;
            }

            @Override
            public String leaseName() {
                return lease;
            }

            @Override
            public String leaseNamespace() {
                return namespace;
            }

            @Override
            public String identity() {
                return "";
            }

            @Override
            public String kubeconfig() {
                return "";
            }

            @Override
            public int leaseDurationSeconds() {
                return duration;
            }

            @Override
            public int renewDeadlineSeconds() {
                return renew;
            }

            @Override
            public int retryPeriodSeconds() {
                return retry;
            }
        };
    }

    private static Leadership.Settings settings(LeaderConfig config, Map<String, String> env, String namespaceFile) {
        return Leadership.Settings.of(config, env::get, (Path p) -> namespaceFile);
    }

    @Test
    void withoutALeaseTheRuntimeIsAlone() {
        Leadership.Settings s = settings(config("", "", 10, 7, 2), Map.of("POD_NAME", "cj-0"), null);
        assertTrue(s.alone());
        assertEquals("cj-0", s.identity());
    }

    @Test
    void aPodTakesLeaseIdentityAndNamespaceFromItsEnvironmentAndServiceAccount() {
        Leadership.Settings s = settings(
                config("", "", 10, 7, 2),
                Map.of("CENGJIYUN_LEASE_NAME", "cengjiyun-leader", "POD_NAME", "cengjiyun-7d9f-abcde"),
                "cengjiyun-system\n");
        assertEquals("cengjiyun-leader", s.leaseName());
        assertEquals("cengjiyun-system", s.namespace());
        assertEquals("cengjiyun-7d9f-abcde", s.identity());
        assertEquals(10, s.leaseDuration().toSeconds());
    }

    @Test
    void theConfigurationWinsOverTheEnvironment() {
        Leadership.Settings s = settings(
                config("from-config", "ns-config", 10, 7, 2),
                Map.of("CENGJIYUN_LEASE_NAME", "from-env", "POD_NAMESPACE", "ns-env"),
                null);
        assertEquals("from-config", s.leaseName());
        assertEquals("ns-config", s.namespace());
    }

    @Test
    void refusedSettingsNameTheFieldAndTheFix() {
        assertMessage(config("Not_A_Name", "ns", 10, 7, 2), "leaseName in etc/io.cengjiyun.leader.cfg");
        assertMessage(config("lease", "", 10, 7, 2), "has no namespace: set leaseNamespace");
        assertMessage(config("lease", "ns", 10, 10, 2), "must be less than leaseDurationSeconds (10)");
        assertMessage(config("lease", "ns", 10, 2, 2), "must be more than 1.2 x retryPeriodSeconds (2)");
        assertMessage(config("lease", "ns", 2, 1, 0), "give at least 3, 2 and 1");
    }

    private static void assertMessage(LeaderConfig config, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> settings(config, Map.of(), null));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
