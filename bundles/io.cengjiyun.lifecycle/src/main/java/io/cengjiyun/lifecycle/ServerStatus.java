/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;

/**
 * What a server is doing, with a message a person can act on. The counts are those of its controller:
 * {@code desired} pods, how many run the newest template ({@code updated}), are {@code ready} and {@code available};
 * null where the kind has no such count. {@code revision} is the stored definition's, {@code appliedRevision} the one
 * the cluster runs; {@code drift} says how the cluster differs from the stored definition (null: it does not) and
 * what {@code reconcile} would do about it. While the state is {@code UNKNOWN} (its cluster does not answer),
 * {@code lastKnownState} is the state the platform last saw and {@code lastKnownAt} when the cluster last answered.
 */
@Doc("What a server is doing on its cluster, as the informer caches see it, with a message a person can act on; a"
        + " count is left out where the kind has none")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerStatus(
        @Doc(value = "The observed state", example = "RUNNING", required = true)
        ServerState state,

        @Doc(
                value = "What it is doing or what keeps it from running, in words a developer can act on",
                example = "3 of 3 pods ready")
        String message,

        @Doc(value = "How many pods its controller wants", example = "3")
        Integer desired,

        @Doc(value = "How many pods run the newest pod template", example = "3")
        Integer updated,

        @Doc(value = "How many pods are ready", example = "3")
        Integer ready,

        @Doc(value = "How many pods are available (ready for minReadySeconds)", example = "3")
        Integer available,

        @Doc(value = "The number of the stored definition's newest revision", example = "4")
        Long revision,

        @Doc(value = "The number of the revision the cluster runs", example = "4")
        Long appliedRevision,

        @Doc(
                value = "How the cluster differs from the stored definition, and what reconcile would do about it;"
                        + " left out: it does not differ",
                example = "the cluster runs revision 3, the stored definition is revision 4: reconcile applies it")
        String drift,

        @Doc(value = "While the state is UNKNOWN: the state the platform saw last", example = "RUNNING")
        ServerState lastKnownState,

        @Doc(value = "While the state is UNKNOWN: when the cluster answered last", example = "2026-01-06T08:00:00Z")
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
