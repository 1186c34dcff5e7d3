/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.Quota;
import io.cengjiyun.cluster.Allotment;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaCheckTest {
    private static final Allotment LOCAL = new Allotment("local", "4", "8Gi", 50, "20Gi");

    private static Map<String, Quota> others(Object... nameAndQuota) {
        Map<String, Quota> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndQuota.length; i += 2) {
            map.put((String) nameAndQuota[i], (Quota) nameAndQuota[i + 1]);
        }
        return map;
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aQuotaWithinWhatIsLeftFits() {
        assertEquals(
                List.of(),
                QuotaCheck.fits(
                        "team",
                        new Quota("1500m", "4Gi", 25, "10Gi"),
                        LOCAL,
                        others("prod", new Quota("2.5", "4096Mi", 25, "10Gi"))));
    }

    @Test
    void aQuotaBeyondWhatIsLeftNamesTheResourceWithTheNumbers() {
        List<FieldError> errors = QuotaCheck.fits(
                "team",
                new Quota("1", "5Gi", 1, "1Gi"),
                LOCAL,
                others("prod", new Quota("2", "4Gi", 10, null), "staging", new Quota("500m", "512Mi", null, null)));

        assertEquals(List.of("quota.memory"), fields(errors));
        String message = errors.get(0).message();
        assertTrue(message.contains("asks 5Gi"), message);
        assertTrue(message.contains("3584Mi left"), message);
        assertTrue(message.contains("8Gi allotted"), message);
        assertTrue(message.contains("prod (4Gi), staging (512Mi)"), message);
        assertTrue(message.contains("/services/team/allotments"), message);
    }

    @Test
    void cpuIsComparedAcrossCoresAndMillicores() {
        assertEquals(
                List.of(),
                QuotaCheck.fits(
                        "team",
                        new Quota("3500m", null, null, null),
                        new Allotment("local", "4", null, null, null),
                        others("prod", new Quota("0.5", null, null, null))));
        List<FieldError> errors = QuotaCheck.fits(
                "team",
                new Quota("3501m", null, null, null),
                new Allotment("local", "4", null, null, null),
                others("prod", new Quota("0.5", null, null, null)));
        assertEquals(List.of("quota.cpu"), fields(errors));
        assertTrue(errors.get(0).message().contains("3500m left"), errors.get(0).message());
    }

    @Test
    void everyResourceTheAllotmentBoundsMustBeInTheQuota() {
        List<FieldError> errors = QuotaCheck.fits("team", null, LOCAL, Map.of());

        assertEquals(List.of("quota.cpu", "quota.memory", "quota.pods", "quota.storage"), fields(errors));
        assertTrue(
                errors.get(1).message().contains("is required"), errors.get(1).message());
        assertTrue(errors.get(1).message().contains("8Gi left"), errors.get(1).message());
    }

    @Test
    void anUnboundedResourceNeedsNoQuota() {
        Allotment cpuOnly = new Allotment("local", "2", null, null, null);

        assertEquals(List.of(), QuotaCheck.fits("team", new Quota("2", "100Gi", 1000, null), cpuOnly, Map.of()));
        assertEquals(
                List.of(), QuotaCheck.fits("team", null, new Allotment("local", null, null, null, null), Map.of()));
    }

    @Test
    void podsAreCounted() {
        List<FieldError> errors = QuotaCheck.fits(
                "team",
                new Quota(null, null, 11, null),
                new Allotment("local", null, null, 20, null),
                others("a", new Quota(null, null, 10, null)));

        assertEquals(List.of("quota.pods"), fields(errors));
        assertTrue(
                errors.get(0).message().contains("asks 11, more than the 10 left"),
                errors.get(0).message());
    }

    @Test
    void anAllotmentCannotDropBelowWhatItsAppMapsReserve() {
        Map<String, Quota> appMaps =
                others("dev", new Quota("2", "4Gi", 10, "5Gi"), "prod", new Quota("2", "4Gi", 10, "5Gi"));

        assertEquals(List.of(), QuotaCheck.holds("[0]", LOCAL, appMaps));
        List<FieldError> errors = QuotaCheck.holds("[0]", new Allotment("local", "3", "8Gi", 50, "20Gi"), appMaps);
        assertEquals(List.of("[0].cpu"), fields(errors));
        assertTrue(
                errors.get(0).message().contains("less than the 4"),
                errors.get(0).message());
    }

    @Test
    void anAllotmentCannotBoundWhatItsAppMapsLeaveUnbounded() {
        List<FieldError> errors = QuotaCheck.holds(
                "[0]",
                new Allotment("local", null, "8Gi", null, null),
                others("dev", new Quota("1", null, null, null)));

        assertEquals(List.of("[0].memory"), fields(errors));
        assertTrue(errors.get(0).message().contains("[dev]"), errors.get(0).message());
    }

    @Test
    void amountsAreShownAsPeopleWriteThem() {
        assertEquals("16Gi", QuotaCheck.format("memory", QuotaCheck.amount("memory", "16Gi")));
        assertEquals("1536Mi", QuotaCheck.format("memory", QuotaCheck.amount("memory", "1.5Gi")));
        assertEquals("1000000000", QuotaCheck.format("storage", QuotaCheck.amount("storage", "1G")));
        assertEquals("250m", QuotaCheck.format("cpu", QuotaCheck.amount("cpu", "0.25")));
        assertEquals("2", QuotaCheck.format("cpu", QuotaCheck.amount("cpu", "2000m")));
        assertEquals("0", QuotaCheck.format("cpu", BigDecimal.ZERO));
        assertEquals("0", QuotaCheck.format("memory", BigDecimal.ZERO));
        assertEquals("7", QuotaCheck.format("pods", QuotaCheck.amount("pods", 7)));
    }
}
