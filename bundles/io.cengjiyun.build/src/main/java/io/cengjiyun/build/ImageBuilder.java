/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Builds an image from a Dockerfile and its context and pushes it to a registry. The platform calls it on a thread of
 * its bounded build queue, one build per call; the service with the highest ranking is used.
 *
 * <p>A user's Dockerfile {@code RUN} steps must not run with the platform host's privileges: an engine runs them
 * isolated (the platform's own: a Job of unprivileged buildah on the appmap's cluster, counted against its quota).
 */
@ConsumerType
public interface ImageBuilder {

    /**
     * Runs the build to its end and answers how it ended; its output, line by line, goes to {@code output} as it comes.
     * An interrupt of the calling thread is a cancel: the engine stops the build, removes what it made, and throws.
     *
     * @throws InterruptedException when cancelled
     */
    BuildResult build(BuildSpec spec, Consumer<String> output) throws InterruptedException;
}
