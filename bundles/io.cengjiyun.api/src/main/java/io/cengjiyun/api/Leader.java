/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered as a service only while this runtime leads: the work that must run once however many replicas serve
 * (the start-up reconcile, the monitoring sampler, the build queue, the pull-secret sync) takes a mandatory reference
 * to it, so that it starts when this replica gains the lead and stops at once, with the service, when it loses it.
 * A runtime that is not configured for replicas leads from its start: it is the only one.
 */
@ProviderType
public interface Leader {
    /** This replica's name in the election (the pod's name), or the host's name for a runtime alone. */
    String identity();

    /** Since when this replica leads. */
    Instant since();
}
