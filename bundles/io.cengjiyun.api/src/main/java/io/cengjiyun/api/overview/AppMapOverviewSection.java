/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.overview;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a section of every appmap's overview ({@code GET .../appmaps/{appmap}/overview}, {@code cj:overview}),
 * under {@code sections.<name>}. Registered while its bundle runs; the overview shows what the running ones give.
 */
@ConsumerType
public interface AppMapOverviewSection {
    /** The section's key, e.g. {@code usage}: lower camel case, unique among the running sections. */
    String name();

    /**
     * The section of one appmap, a JSON-serialisable value (a record, a map); null leaves it out. Called on every
     * overview, after the overview found the appmap: answer from memory, never a request to a cluster.
     */
    Object of(String service, String appmap);
}
