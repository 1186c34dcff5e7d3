/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import static io.cengjiyun.volumes.internal.Fixtures.byField;
import static io.cengjiyun.volumes.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.validation.HierarchyValidator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The volumes are this bundle's to check: the core validator leaves them alone. */
class VolumeRulesTest {

    private static Map<String, String> errors(String volumesJson) {
        Map<ConfigKind, Set<String>> none = new EnumMap<>(ConfigKind.class);
        for (ConfigKind kind : ConfigKind.values()) {
            none.put(kind, Set.of());
        }
        return byField(VolumeRules.check(web("Deployment", volumesJson), none));
    }

    /** Moved from HierarchyValidatorTest. */
    @Test
    void persistentVolumeNeedsSizeAndAbsoluteMount() {
        Map<String, String> errors = errors("""
                [{'name': 'data', 'type': 'persistent', 'accessMode': 'ReadWriteAll', 'mountPath': 'data',
                  'subPath': '../x'}]""");
        assertEquals(
                Set.of("volumes[0].size", "volumes[0].accessMode", "volumes[0].mountPath", "volumes[0].subPath"),
                errors.keySet(),
                errors.toString());
    }

    @Test
    void readWriteOncePodIsRefusedHereAndNotByTheCore() {
        String volumes = "[{'name': 'data', 'type': 'persistent', 'size': '1Gi', 'accessMode': 'ReadWriteOncePod',"
                + " 'mountPath': '/data'}]";
        assertEquals(Set.of("volumes[0].accessMode"), errors(volumes).keySet());
        assertEquals(List.of(), HierarchyValidator.validate(web("Deployment", volumes)));
    }

    @Test
    void aValidVolumeOfEachTypePasses() {
        assertTrue(errors("""
                [{'name': 'data', 'type': 'persistent', 'size': '1Gi', 'mountPath': '/data'},
                 {'name': 'tmp', 'type': 'emptyDir', 'medium': 'Memory', 'sizeLimit': '64Mi', 'mountPath': '/tmp'}]""").isEmpty());
    }
}
