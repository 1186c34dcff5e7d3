/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> WEB =
            Map.of("cengjiyun.io/server", "web", "app.kubernetes.io/managed-by", "cengjiyun", "tier", "front");

    @Test
    void anEmptySelectorSelectsEverything() {
        assertTrue(LabelSelector.parse(null).selectsEverything());
        assertTrue(LabelSelector.parse(" ").matches(Map.of()));
    }

    @Test
    void whatTheHpaSendsMatchesItsPods() {
        // The HPA sends the scale target's matchLabels as a=b,c=d.
        LabelSelector s = LabelSelector.parse("app.kubernetes.io/managed-by=cengjiyun,cengjiyun.io/server=web");
        assertTrue(s.matches(WEB));
        assertFalse(s.matches(Map.of("cengjiyun.io/server", "web")));
    }

    @Test
    void equalityInequalityAndDoubleEquals() {
        assertTrue(LabelSelector.parse("tier==front").matches(WEB));
        assertTrue(LabelSelector.parse("tier!=back").matches(WEB));
        assertTrue(LabelSelector.parse("missing!=x").matches(WEB), "!= matches a label that is not there");
        assertFalse(LabelSelector.parse("tier!=front").matches(WEB));
    }

    @Test
    void setsWithInAndNotInKeepTheirCommas() {
        assertTrue(LabelSelector.parse("tier in (back, front),cengjiyun.io/server=web")
                .matches(WEB));
        assertFalse(LabelSelector.parse("tier notin (front,back)").matches(WEB));
        assertTrue(LabelSelector.parse("other notin (a)").matches(WEB));
        assertTrue(LabelSelector.parse("tier in(front)").matches(WEB));
    }

    @Test
    void existenceAndAbsence() {
        assertTrue(LabelSelector.parse("tier").matches(WEB));
        assertTrue(LabelSelector.parse("!canary").matches(WEB));
        assertFalse(LabelSelector.parse("!tier").matches(WEB));
    }

    @Test
    void greaterAndLessCompareWholeNumbers() {
        assertTrue(LabelSelector.parse("gen>3").matches(Map.of("gen", "4")));
        assertFalse(LabelSelector.parse("gen<3").matches(Map.of("gen", "4")));
        assertFalse(LabelSelector.parse("gen>3").matches(Map.of("gen", "four")));
    }

    @Test
    void aBadSelectorIsRefusedNamingWhatIsWrong() {
        assertMessage("labelSelector 'tier in (a': a '(' is not closed", "tier in (a");
        assertMessage("labelSelector 'a=b,,c=d': an empty requirement", "a=b,,c=d");
        assertMessage("'bad key' is not a label key", "bad key!=x");
        assertMessage("'in' and 'notin' need a list of values in parentheses", "tier in front");
        assertMessage("'-x' is not a label value", "tier=-x");
        assertMessage("'>' needs a whole number", "gen>x");
    }

    private static void assertMessage(String expected, String selector) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(selector));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
