/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.EventProperties;
import io.cengjiyun.api.event.Topics;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits what the platform does by itself: every domain event whose actor is {@value Topics#SYSTEM} (the start-up
 * reconcile's drift found and reconcile, and the rollouts it started). Events of users are not recorded here: the
 * REST filter ({@link SecurityFilter}) and the console ({@link ShellAudit}) record the request or command line that
 * caused them already, so nothing is audited twice.
 */
@Component(
        service = EventHandler.class,
        property = {
            EventConstants.EVENT_TOPIC + "=" + Topics.ALL,
            EventConstants.EVENT_FILTER + "=" + SystemEventAudit.FILTER
        })
public class SystemEventAudit implements EventHandler {
    static final String FILTER = "(" + EventProperties.ACTOR + "=" + Topics.SYSTEM + ")";
    /** Where a record of the platform's own comes from, as a client address does for a request. */
    static final String ADDRESS = "platform";
    /** The audit's action column holds 10 characters: the topics whose last word is longer, shortened. */
    private static final Map<String, String> ACTIONS = Map.of(
            Topics.SERVER_RECONCILED,
            "RECONCILE",
            Topics.SERVER_DRIFT_FOUND,
            "DRIFT",
            Topics.SERVER_ROLLOUT_DONE,
            "ROLLOUT",
            Topics.SERVER_ROLLOUT_FAILED,
            "ROLLOUT",
            Topics.SERVER_ROLLED_BACK,
            "ROLLBACK");

    private static final Logger LOG = LoggerFactory.getLogger(SystemEventAudit.class);

    private final Consumer<AuditRecord> audit;

    @Activate
    public SystemEventAudit(@Reference Accounts accounts) {
        this(accounts::audit);
    }

    SystemEventAudit(Consumer<AuditRecord> audit) {
        this.audit = audit;
    }

    @Override
    public void handleEvent(Event event) {
        DomainEvent e;
        try {
            e = DomainEvent.from(event);
        } catch (IllegalArgumentException bad) {
            LOG.warn("Not audited, not a domain event: {}", bad.getMessage());
            return;
        }
        if (!Topics.SYSTEM.equals(e.actor())) {
            return; // the Event Admin filters already; a user's event was audited with its request
        }
        int status = Topics.SERVER_ROLLOUT_FAILED.equals(e.topic()) ? 500 : 200;
        audit.accept(new AuditRecord(
                0,
                e.timestamp(),
                Topics.SYSTEM,
                ADDRESS,
                action(e.topic()),
                target(e),
                e.service(),
                status,
                AuditRecord.outcomeOf(status),
                detail(e)));
    }

    static String action(String topic) {
        String action = ACTIONS.get(topic);
        return action != null ? action : topic.substring(topic.lastIndexOf('/') + 1);
    }

    /** The object as the REST API names it. */
    static String target(DomainEvent e) {
        if (e.service() == null) {
            return e.cluster() == null ? e.topic() : "/clusters/" + e.cluster();
        }
        StringBuilder path = new StringBuilder("/services/").append(e.service());
        if (e.appmap() != null) {
            path.append("/appmaps/").append(e.appmap());
        }
        if (e.server() != null) {
            path.append("/servers/").append(e.server());
        }
        return path.toString();
    }

    /** What happened, in words: the topic, the revision and state, and the cause. */
    static String detail(DomainEvent e) {
        StringBuilder d = new StringBuilder(e.topic());
        if (e.revision() != null) {
            d.append(", revision ").append(e.revision());
        }
        if (e.state() != null) {
            d.append(", state ").append(e.state());
        }
        if (e.cause() != null) {
            d.append(": ").append(e.cause());
        }
        return d.toString();
    }
}
