/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.event.Event;

/**
 * One domain event: its topic ({@link Topics}) and typed properties ({@link EventProperties}); null where a
 * property does not apply. Build one with {@link #builder}, turn it into an Event Admin event with {@link #toEvent},
 * and read one back with {@link #from}.
 *
 * @param topic one of {@link Topics#TOPICS}, or another topic under {@link Topics#PREFIX}
 * @param timestamp when it happened, to the millisecond (as the Event Admin carries it); the builder takes the
 *        current time unless given one
 */
public record DomainEvent(
        String topic,
        String service,
        String appmap,
        String server,
        Long revision,
        String actor,
        String state,
        String cause,
        String cluster,
        String kind,
        Instant timestamp) {

    public DomainEvent {
        Objects.requireNonNull(topic, "topic");
        timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MILLIS);
        if (!topic.startsWith(Topics.PREFIX) || topic.endsWith("*")) {
            throw new IllegalArgumentException(
                    "'" + topic + "' is not a domain event topic: give one of Topics, under " + Topics.PREFIX);
        }
    }

    /** A builder of an event on this topic. */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** The properties as the Event Admin carries them: only those that apply, revision and timestamp as Longs. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        put(p, EventProperties.SERVICE, service);
        put(p, EventProperties.APPMAP, appmap);
        put(p, EventProperties.SERVER, server);
        put(p, EventProperties.REVISION, revision);
        put(p, EventProperties.ACTOR, actor);
        put(p, EventProperties.STATE, state);
        put(p, EventProperties.CAUSE, cause);
        put(p, EventProperties.CLUSTER, cluster);
        put(p, EventProperties.KIND, kind);
        p.put(EventProperties.TIMESTAMP, timestamp.toEpochMilli());
        return p;
    }

    /** This event for the Event Admin. */
    public Event toEvent() {
        return new Event(topic, properties());
    }

    /**
     * Reads an Event Admin event back.
     *
     * @throws IllegalArgumentException if its topic is not under {@link Topics#PREFIX}, or a property has the wrong type
     */
    public static DomainEvent from(Event event) {
        Object time = event.getProperty(EventProperties.TIMESTAMP);
        return new DomainEvent(
                event.getTopic(),
                text(event, EventProperties.SERVICE),
                text(event, EventProperties.APPMAP),
                text(event, EventProperties.SERVER),
                number(event, EventProperties.REVISION),
                text(event, EventProperties.ACTOR),
                text(event, EventProperties.STATE),
                text(event, EventProperties.CAUSE),
                text(event, EventProperties.CLUSTER),
                text(event, EventProperties.KIND),
                time == null ? Instant.EPOCH : Instant.ofEpochMilli(number(event, EventProperties.TIMESTAMP)));
    }

    private static void put(Map<String, Object> p, String name, Object value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    private static String text(Event event, String name) {
        Object value = event.getProperty(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("property '" + name + "' of event " + event.getTopic() + " is a "
                + value.getClass().getSimpleName() + ", not a String");
    }

    private static Long number(Event event, String name) {
        Object value = event.getProperty(name);
        if (value == null || value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("property '" + name + "' of event " + event.getTopic() + " is a "
                + value.getClass().getSimpleName() + ", not a number");
    }

    /** Builds a {@link DomainEvent}; every property is optional but the topic. */
    public static final class Builder {
        private final String topic;
        private String service;
        private String appmap;
        private String server;
        private Long revision;
        private String actor;
        private String state;
        private String cause;
        private String cluster;
        private String kind;
        private Instant timestamp;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder service(String name) {
            this.service = name;
            return this;
        }

        /** The appmap and its service. */
        public Builder appmap(String serviceName, String appmapName) {
            this.service = serviceName;
            this.appmap = appmapName;
            return this;
        }

        /** The server, its appmap and its service. */
        public Builder server(String serviceName, String appmapName, String serverName) {
            this.service = serviceName;
            this.appmap = appmapName;
            this.server = serverName;
            return this;
        }

        public Builder revision(Long number) {
            this.revision = number;
            return this;
        }

        public Builder actor(String name) {
            this.actor = name;
            return this;
        }

        /** The state by name; an enum constant gives its name. */
        public Builder state(Object value) {
            this.state = value == null ? null : value instanceof Enum<?> e ? e.name() : value.toString();
            return this;
        }

        public Builder cause(String text) {
            this.cause = text;
            return this;
        }

        public Builder cluster(String name) {
            this.cluster = name;
            return this;
        }

        /** The server's kind; an enum constant gives its name. */
        public Builder kind(Object value) {
            this.kind = value == null ? null : value instanceof Enum<?> e ? e.name() : value.toString();
            return this;
        }

        public Builder timestamp(Instant at) {
            this.timestamp = at;
            return this;
        }

        public DomainEvent build() {
            return new DomainEvent(
                    topic,
                    service,
                    appmap,
                    server,
                    revision,
                    actor,
                    state,
                    cause,
                    cluster,
                    kind,
                    timestamp == null ? Instant.now() : timestamp);
        }
    }
}
