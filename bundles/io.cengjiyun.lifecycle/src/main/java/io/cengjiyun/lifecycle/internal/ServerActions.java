/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.api.validation.Rules;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerStatus;
import io.cengjiyun.lifecycle.internal.manage.ServersManager;
import io.cengjiyun.lifecycle.internal.rest.Rollouts;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The lifecycle actions by name, as REST and the shell offer them: each finds the stored server and its appmap,
 * then acts. Actions that change the definition (scale, rollback, autoscaling) are stored as a new revision and
 * applied by the store; the others act on the cluster only. Each action that succeeded is published as a domain
 * event naming its actor ({@link Topics}), and the rollout it started is followed to its end ({@link RolloutEvents}).
 */
@Component(service = ServerActions.class)
public class ServerActions {
    /** One server's observed state in an appmap's status. */
    @Doc("One server of an appmap with its observed state")
    public record NamedStatus(
            @Doc(value = "The server's name", example = "web")
            String server,

            @Doc(value = "Its controller's kind", example = "Deployment")
            ServerKind kind,

            @Doc("Its observed state") ServerStatus status) {}

    private final HierarchyStore store;
    private final ServerRuntime runtime;
    private final ServersManager servers;
    private final ClusterRegistry clusters;
    private final DomainEvents events;
    private final RolloutEvents rollouts;

    @Activate
    public ServerActions(
            @Reference HierarchyStore store,
            @Reference ServerRuntime runtime,
            @Reference ServersManager servers,
            @Reference ClusterRegistry clusters,
            @Reference DomainEvents events,
            @Reference RolloutEvents rollouts) {
        this.store = store;
        this.runtime = runtime;
        this.servers = servers;
        this.clusters = clusters;
        this.events = events;
        this.rollouts = rollouts;
    }

    public AppMap appMap(String service, String appmap) {
        return store.findAppMap(service, appmap)
                .orElseThrow(() -> new NotFoundException("appmap '" + appmap + "' of service '" + service + "'"));
    }

    public Server server(String service, String appmap, String server) {
        return store.findServer(service, appmap, server)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + server + "' in appmap '" + appmap + "' of service '" + service + "'"));
    }

    public ServerStatus status(String service, String appmap, String server) {
        return runtime.status(appMap(service, appmap), server(service, appmap, server));
    }

    /** Every server of an appmap with its state, from the informer caches. */
    public List<NamedStatus> appMapStatus(String service, String appmap) {
        AppMap appMap = appMap(service, appmap);
        List<NamedStatus> all = new ArrayList<>();
        for (Server s : store.listServers(service, appmap)) {
            all.add(new NamedStatus(s.name(), s.definition().kind(), runtime.status(appMap, s)));
        }
        return all;
    }

    public ServerStatus stop(String service, String appmap, String server, String actor) {
        return act(Topics.SERVER_STOPPED, service, appmap, server, actor, runtime::stop);
    }

    public ServerStatus start(String service, String appmap, String server, String actor) {
        return act(Topics.SERVER_STARTED, service, appmap, server, actor, runtime::start);
    }

    public ServerStatus restart(String service, String appmap, String server, String actor) {
        return act(Topics.SERVER_RESTARTED, service, appmap, server, actor, runtime::restart);
    }

    public ServerStatus reconcile(String service, String appmap, String server, String actor) {
        return reconcile(appMap(service, appmap), server(service, appmap, server), actor);
    }

    /** Reconciles every server of an appmap; the states after. */
    public List<NamedStatus> reconcileAll(String service, String appmap, String actor) {
        AppMap appMap = appMap(service, appmap);
        List<NamedStatus> all = new ArrayList<>();
        for (Server s : store.listServers(service, appmap)) {
            all.add(new NamedStatus(s.name(), s.definition().kind(), reconcile(appMap, s, actor)));
        }
        return all;
    }

    /** The informer news of a server's objects, which a rollout follower waits for. */
    public Rollouts.Changes changes(AppMap appMap, Server server) {
        return ServerChanges.of(clusters, appMap, server);
    }

    /** Reconciles one server: the drift it found, then the reconcile, are published; so is the rollout's end. */
    private ServerStatus reconcile(AppMap appMap, Server s, String actor) {
        ServerStatus before = runtime.status(appMap, s);
        String drift = before.drift();
        if (drift != null) {
            events.publish(event(Topics.SERVER_DRIFT_FOUND, s, actor)
                    .state(before.state())
                    .cause(drift)
                    .build());
        }
        ServerStatus after = runtime.reconcile(appMap, s);
        events.publish(event(Topics.SERVER_RECONCILED, s, actor)
                .state(after.state())
                .cause(drift)
                .build());
        if (drift != null) {
            rollouts.watch(appMap, s, actor);
        }
        return after;
    }

    private interface Action {
        ServerStatus run(AppMap appMap, Server server);
    }

    private ServerStatus act(String topic, String service, String appmap, String server, String actor, Action action) {
        AppMap appMap = appMap(service, appmap);
        Server s = server(service, appmap, server);
        ServerStatus after = action.run(appMap, s);
        events.publish(event(topic, s, actor).state(after.state()).build());
        rollouts.watch(appMap, s, actor);
        return after;
    }

    /** A server's event, without its state. */
    static DomainEvent.Builder event(String topic, Server s, String actor) {
        return DomainEvent.builder(topic)
                .server(s.service(), s.appmap(), s.name())
                .kind(s.definition().kind())
                .revision(s.version())
                .actor(actor);
    }

    /** Sets the replicas as a new revision, so that the stored definition stays what runs. */
    public Server scale(
            String service, String appmap, String server, Integer replicas, long expectedVersion, String author) {
        Server current = server(service, appmap, server);
        ServerDefinition def = current.definition();
        if (replicas == null) {
            throw new ValidationException("replicas", "is required: give the number of pods, e.g. {\"replicas\": 3}");
        }
        if (def.kind() != ServerKind.Deployment && def.kind() != ServerKind.StatefulSet) {
            throw new ValidationException(
                    "replicas",
                    "a " + def.kind() + " has no replicas to scale: only Deployment and" + " StatefulSet do");
        }
        if (replicas < 0 || replicas > Rules.MAX_REPLICAS) {
            throw new ValidationException(
                    "replicas",
                    replicas + " is out of range: give 0 to " + Rules.MAX_REPLICAS + " (0 keeps the server"
                            + " without pods; stop remembers its replicas instead)");
        }
        if (def.autoscaling() != null) {
            throw new ConflictException("server '" + server + "' is autoscaled between "
                    + def.autoscaling().minReplicas()
                    + " and " + def.autoscaling().maxReplicas()
                    + " replicas: change those bounds (POST .../autoscaling),"
                    + " or turn autoscaling off (DELETE .../autoscaling) first");
        }
        if (runtime.stopped(appMap(service, appmap), current)) {
            throw new ConflictException("server '" + server + "' is stopped: start it first, then scale it");
        }
        String message = "scaled to " + replicas;
        return servers.update(
                Topics.SERVER_SCALED, service, appmap, def.withReplicas(replicas), expectedVersion, author, message);
    }

    /** Stores revision N's definition as the next revision, which the store rolls out. */
    public Server rollback(
            String service, String appmap, String server, Long revision, long expectedVersion, String author) {
        Server current = server(service, appmap, server);
        if (revision == null || revision < 1) {
            throw new ValidationException(
                    "revision",
                    (revision == null ? "is required" : revision + " is not a revision")
                            + ": give the number of the revision to go back to, e.g. {\"revision\": 1}; GET .../revisions lists them");
        }
        Revision target = store.findRevision(service, appmap, server, revision)
                .orElseThrow(() -> new ValidationException(
                        "revision",
                        "server '" + server + "' has no revision " + revision + ": its revisions are 1 to "
                                + current.version()));
        if (target.definition().kind() != current.definition().kind()) {
            throw new ConflictException("revision " + revision + " is a "
                    + target.definition().kind() + " and the server"
                    + " is now a " + current.definition().kind() + ": a rollback keeps the kind; delete and create the"
                    + " server to change it");
        }
        String message = "rollback to revision " + revision;
        return servers.update(
                Topics.SERVER_ROLLED_BACK, service, appmap, target.definition(), expectedVersion, author, message);
    }

    /** Turns autoscaling on with these bounds (null: off), as a new revision. */
    public Server autoscale(
            String service,
            String appmap,
            String server,
            Autoscaling autoscaling,
            long expectedVersion,
            String author) {
        Server current = server(service, appmap, server);
        ServerDefinition def = current.definition();
        if (def.kind() != ServerKind.Deployment && def.kind() != ServerKind.StatefulSet) {
            throw new ValidationException(
                    "autoscaling", "only a Deployment or a StatefulSet can be autoscaled, not a " + def.kind());
        }
        if (autoscaling == null && def.autoscaling() == null) {
            return current;
        }
        return servers.update(
                service,
                appmap,
                def.withAutoscaling(autoscaling),
                expectedVersion,
                author,
                autoscaling == null
                        ? "autoscaling off"
                        : "autoscaling " + autoscaling.minReplicas() + "-" + autoscaling.maxReplicas());
    }
}
