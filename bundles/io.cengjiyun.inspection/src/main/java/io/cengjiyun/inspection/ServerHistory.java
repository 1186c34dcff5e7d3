/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A server's revisions, newest first, each with the rollouts that applied it.
 *
 * @param running the revision the cluster runs now (its controller says so), null when none
 */
public record ServerHistory(String server, Long running, List<Entry> revisions) {
    /** A stored revision: who made it, when, why; and its rollouts, newest first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(long revision, String author, String createdAt, String message, List<Rollout> rollouts) {}

    /**
     * One rollout: the action that started it (CREATED, UPDATED, SCALED, ROLLED_BACK, RESTARTED, STARTED, STOPPED,
     * RECONCILED), who, when; how it ended ({@code done}, {@code failed}, {@code superseded} by a newer rollout, or null
     * while it runs) and how long it took.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rollout(
            String action,
            String actor,
            String startedAt,
            String endedAt,
            Double seconds,
            String result,
            String cause) {}
}
