/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.util.List;

/**
 * A server's revisions, newest first, each with the rollouts that applied it.
 *
 * @param running the revision the cluster runs now (its controller says so), null when none
 */
@Doc("A server's revisions, newest first, each with the rollouts that applied it")
public record ServerHistory(
        @Doc(value = "The server's name", example = "web") String server,

        @Doc(
                value = "The revision the cluster runs now, as its controller says; null when none or when the"
                        + " cluster could not be read",
                example = "4")
        Long running,

        @Doc("The stored revisions, newest first") List<Entry> revisions) {
    /** A stored revision: who made it, when, why; and its rollouts, newest first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("A stored revision and its rollouts")
    public record Entry(
            @Doc(value = "The revision's number", example = "4")
            long revision,

            @Doc(value = "Who stored it", example = "alice") String author,

            @Doc(value = "When it was stored (ISO-8601)", format = "date-time")
            String createdAt,

            @Doc(value = "Why, as its author or the action said", example = "scaled to 3")
            String message,

            @Doc("The rollouts that applied it, newest first")
            List<Rollout> rollouts) {}

    /**
     * One rollout: the action that started it (CREATED, UPDATED, SCALED, ROLLED_BACK, RESTARTED, STARTED, STOPPED,
     * RECONCILED), who, when; how it ended ({@code done}, {@code failed}, {@code superseded} by a newer rollout, or null
     * while it runs) and how long it took.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One rollout of a revision")
    public record Rollout(
            @Doc(
                    value = "The action that started it: CREATED, UPDATED, SCALED, ROLLED_BACK, RESTARTED,"
                            + " STARTED, STOPPED or RECONCILED",
                    example = "UPDATED")
            String action,

            @Doc(value = "Who started it", example = "alice")
            String actor,

            @Doc(value = "When it started (ISO-8601)", format = "date-time")
            String startedAt,

            @Doc(value = "When it ended (ISO-8601); absent while it runs", format = "date-time")
            String endedAt,

            @Doc(value = "How long it took, in seconds; absent while it runs", example = "42.5")
            Double seconds,

            @Doc(
                    value = "How it ended: `done`, `failed`, or `superseded` by a newer rollout; absent while"
                            + " it runs",
                    example = "done")
            String result,

            @Doc("What the lifecycle said when it ended, e.g. why it failed; absent when nothing")
            String cause) {}
}
