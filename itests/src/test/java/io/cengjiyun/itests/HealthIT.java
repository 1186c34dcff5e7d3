/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthIT extends CengjiyunTestSupport {

    @Test
    public void healthAnswers200WhenTheRuntimeIsUp() throws Exception {
        waitForRest();

        HttpResponse<String> response = get("/health");

        assertEquals(response.body(), 200, response.statusCode());
    }

    @Test
    public void shellListsTheRuntimeBundles() throws Exception {
        String bundles = gogo("lb -s");

        assertTrue(bundles, bundles.contains("org.apache.felix.http.jetty12"));
        assertTrue(bundles, bundles.contains("io.cengjiyun.rest"));
        assertTrue(
                "the Event Admin carries the domain events: " + bundles,
                bundles.lines().anyMatch(l -> l.contains("Active") && l.contains("org.apache.felix.eventadmin")));
    }
}
