package io.cengjiyun.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a server is doing, with a message a person can act on. The counts are those of its controller:
 * {@code desired} pods, how many run the newest template ({@code updated}), are {@code ready} and {@code available};
 * null where the kind has no such count.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerStatus(ServerState state, String message, Integer desired, Integer updated, Integer ready,
        Integer available) {

    public static ServerStatus of(ServerState state, String message) {
        return new ServerStatus(state, message, null, null, null, null);
    }
}
