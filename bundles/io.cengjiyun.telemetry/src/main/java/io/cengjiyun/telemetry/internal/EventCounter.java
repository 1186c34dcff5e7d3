/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.telemetry.internal;

import io.cengjiyun.api.event.Topics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;

/** Counts the platform's domain events by topic, as every other subscriber gets them. */
@Component(service = EventHandler.class)
@EventTopics(Topics.ALL)
public class EventCounter implements EventHandler {
    private final Telemetry telemetry;

    @Activate
    public EventCounter(@Reference Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public void handleEvent(Event event) {
        try {
            telemetry.event(event.getTopic());
        } catch (RuntimeException | LinkageError e) {
            // counted or not, the event reaches its other subscribers
        }
    }
}
