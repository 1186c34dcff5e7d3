/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.Map;

/** A build as the API answers it. */
@Doc("An image build of a service: what was asked, where it stands, and how it ended")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildView(
        @Doc(value = "Its id", example = "b7k2m9x4q1aa") String id,
        @Doc(value = "The service", example = "shop") String service,

        @Doc(value = "The appmap whose namespace and quota it runs in", example = "dev")
        String appmap,

        @Doc(value = "The service's registry it pushes to", example = "team-registry")
        String registry,

        @Doc(value = "The repository in the registry", example = "shop/web")
        String repository,

        @Doc(value = "The tag", example = "1.4") String tag,

        @Doc(value = "The full image reference pushed", example = "registry.example.com:5443/shop/web:1.4")
        String image,

        @Doc(value = "The Dockerfile's path in the context", example = "Dockerfile")
        String dockerfile,

        @Doc("The build arguments") Map<String, String> args,

        @Doc(value = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED", example = "SUCCEEDED")
        String state,

        @Doc(value = "The pushed image's digest, once it succeeded", example = "sha256:3f1c...")
        String digest,

        @Doc(value = "The Dockerfile step that failed, as the builder printed it", example = "STEP 3/4: RUN make")
        String failedStep,

        @Doc("What happened, in words") String message,
        @Doc("When it was asked for (UTC)") Instant createdAt,
        @Doc("When it started running (UTC)") Instant startedAt,
        @Doc("When it ended (UTC)") Instant endedAt,

        @Doc(value = "How long it ran, in milliseconds, once it ended", example = "5230")
        Long durationMillis,

        @Doc(value = "Who asked for it", example = "ana") String createdBy,

        @Doc(
                value = "Where its context came from: `upload`, or `git <url> at <ref>` and, once fetched, the commit",
                example = "git https://git.example.com/shop/web.git at main: commit 3f1c...")
        String source) {

    static final String QUEUED = "QUEUED";
    static final String RUNNING = "RUNNING";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";
    static final String CANCELLED = "CANCELLED";

    /** How long it ran, once it has started and ended; null before. */
    static Long duration(Instant started, Instant ended) {
        return started != null && ended != null ? ended.toEpochMilli() - started.toEpochMilli() : null;
    }

    BuildView with(String newState, Instant started, Instant ended, String newDigest, String step, String text) {
        return new BuildView(
                id,
                service,
                appmap,
                registry,
                repository,
                tag,
                image,
                dockerfile,
                args,
                newState,
                newDigest,
                step,
                text,
                createdAt,
                started,
                ended,
                duration(started, ended),
                createdBy,
                source);
    }

    BuildView withSource(String newSource) {
        return new BuildView(
                id,
                service,
                appmap,
                registry,
                repository,
                tag,
                image,
                dockerfile,
                args,
                state,
                digest,
                failedStep,
                message,
                createdAt,
                startedAt,
                endedAt,
                durationMillis,
                createdBy,
                newSource);
    }
}
