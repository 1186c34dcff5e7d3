/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code io.cengjiyun.monitoring} (etc/io.cengjiyun.monitoring.cfg). */
@ObjectClassDefinition(name = "Cengjiyun monitoring")
public @interface MonitoringConfig {
    String PID = "io.cengjiyun.monitoring";

    @AttributeDefinition(description = "Seconds between two samplings of every node's kubelet summary (5 to 300)")
    int intervalSeconds() default 15;

    @AttributeDefinition(description = "Seconds one node's summary may take before the node counts as not answering")
    int nodeTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Hours the raw samples are kept")
    int rawHours() default 6;

    @AttributeDefinition(description = "Days the 1-minute averages and maxima are kept")
    int minuteDays() default 7;

    @AttributeDefinition(description = "Days the 1-hour averages and maxima are kept")
    int hourDays() default 90;

    @AttributeDefinition(
            description = "Serve the resource metrics API (metrics.k8s.io/v1beta1) to clusters that have none:"
                    + " true registers an APIService pointing at this runtime on each such cluster")
    boolean metricsApi() default true;

    @AttributeDefinition(
            description = "The address the clusters' API servers reach this runtime at for the metrics API; empty:"
                    + " this machine's address on the route to each API server")
    String metricsApiAddress() default "";

    @AttributeDefinition(description = "The TLS port of the metrics API (0: any free port)")
    int metricsApiPort() default 4443;
}
