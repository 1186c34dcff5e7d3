/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a server is doing, with a message a person can act on. The counts are those of its controller:
 * {@code desired} pods, how many run the newest template ({@code updated}), are {@code ready} and {@code available};
 * null where the kind has no such count. {@code revision} is the stored definition's, {@code appliedRevision} the one
 * the cluster runs; {@code drift} says how the cluster differs from the stored definition (null: it does not) and
 * what {@code reconcile} would do about it. While the state is {@code UNKNOWN} (its cluster does not answer),
 * {@code lastKnownState} is the state the platform last saw and {@code lastKnownAt} when the cluster last answered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerStatus(
        ServerState state,
        String message,
        Integer desired,
        Integer updated,
        Integer ready,
        Integer available,
        Long revision,
        Long appliedRevision,
        String drift,
        ServerState lastKnownState,
        Instant lastKnownAt) {

    public ServerStatus(
            ServerState state,
            String message,
            Integer desired,
            Integer updated,
            Integer ready,
            Integer available,
            Long revision,
            Long appliedRevision,
            String drift) {
        this(state, message, desired, updated, ready, available, revision, appliedRevision, drift, null, null);
    }

    public ServerStatus(
            ServerState state, String message, Integer desired, Integer updated, Integer ready, Integer available) {
        this(state, message, desired, updated, ready, available, null, null, null);
    }

    public static ServerStatus of(ServerState state, String message) {
        return new ServerStatus(state, message, null, null, null, null);
    }

    /** The same state with another state and message (the counts stay). */
    public ServerStatus with(ServerState newState, String newMessage) {
        return new ServerStatus(
                newState,
                newMessage,
                desired,
                updated,
                ready,
                available,
                revision,
                appliedRevision,
                drift,
                lastKnownState,
                lastKnownAt);
    }

    /** UNKNOWN, with why, keeping what was last seen of this state and since when the cluster has not answered. */
    public ServerStatus unknown(String why, Instant answeredAt) {
        return new ServerStatus(
                ServerState.UNKNOWN,
                why,
                desired,
                updated,
                ready,
                available,
                revision,
                appliedRevision,
                drift,
                state,
                answeredAt);
    }

    /** The same state with the revisions and drift filled in. */
    public ServerStatus withRevisions(Long stored, Long applied, String driftMessage) {
        return new ServerStatus(
                state,
                message,
                desired,
                updated,
                ready,
                available,
                stored,
                applied,
                driftMessage,
                lastKnownState,
                lastKnownAt);
    }

    /** True once the state will not change without a new action: running, stopped, completed or failed. */
    public boolean settled() {
        return state == ServerState.RUNNING
                || state == ServerState.STOPPED
                || state == ServerState.COMPLETED
                || state == ServerState.FAILED
                || state == ServerState.ERROR;
    }
}
