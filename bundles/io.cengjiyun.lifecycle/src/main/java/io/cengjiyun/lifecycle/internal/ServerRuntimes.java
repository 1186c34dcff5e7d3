package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ApiVersions;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerStatus;
import io.cengjiyun.store.Database;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The server runtime on real clusters: builds a server's objects (controller, then every contributor's), applies
 * them by server-side apply, and carries out the lifecycle actions of ARCHITECTURE's table. The observed state
 * comes from the cluster's informer caches. Immediate, so that its contributors stay bound while nobody holds it
 * (a delayed component is disposed, its references cleared, when its last user lets go).
 */
@Component(service = ServerRuntime.class, immediate = true)
public class ServerRuntimes implements ServerRuntime {
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private final ClusterRegistry clusters;
    private final StopMemory stops;
    private final ObjectBuilder builder = new ObjectBuilder();
    /** Every contributor there is now: SCR replaces the list as they come and go. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ServerObjectContributor> contributors = List.of();

    @Activate
    public ServerRuntimes(@Reference ClusterRegistry clusters, @Reference Database db) {
        this.clusters = clusters;
        db.migrate("lifecycle", "io.cengjiyun.lifecycle", ServerRuntimes.class.getClassLoader(), List.of("V1__lifecycle.sql"));
        this.stops = new StopMemory(db);
    }

    @Override
    public ServerStatus apply(AppMap appMap, Server server) {
        return onCluster(appMap, server, "apply", c -> {
            Optional<StopMemory.Stopped> stopped = stops.find(appMap.service(), appMap.name(), server.name());
            ServerKind kind = server.definition().kind();
            if (stopped.isPresent() && (kind == ServerKind.DaemonSet || kind == ServerKind.Job)) {
                return status(appMap, server); // stays deleted until start
            }
            applyObjects(c, appMap, server, stopped.isPresent() ? 0 : null, stopped.isPresent());
            return status(appMap, server);
        });
    }

    @Override
    public ServerStatus stop(AppMap appMap, Server server) {
        return onCluster(appMap, server, "stop", c -> {
            String ns = appMap.effectiveNamespace();
            String name = server.name();
            KubernetesClient k = c.client();
            switch (server.definition().kind()) {
                case Deployment, StatefulSet -> {
                    Integer replicas = liveReplicas(k, server.definition().kind(), ns, name);
                    boolean autoscaler = server.definition().autoscaling() != null;
                    stops.remember(appMap.service(), appMap.name(), name, new StopMemory.Stopped(
                            replicas != null ? replicas : server.definition().replicas(), autoscaler));
                    deleteAutoscaler(c, ns, name);
                    if (server.definition().kind() == ServerKind.Deployment) {
                        k.apps().deployments().inNamespace(ns).withName(name).scale(0);
                    } else {
                        k.apps().statefulSets().inNamespace(ns).withName(name).scale(0);
                    }
                }
                case DaemonSet -> {
                    stops.remember(appMap.service(), appMap.name(), name, new StopMemory.Stopped(null, false));
                    k.apps().daemonSets().inNamespace(ns).withName(name).delete();
                }
                case Job -> {
                    stops.remember(appMap.service(), appMap.name(), name, new StopMemory.Stopped(null, false));
                    k.batch().v1().jobs().inNamespace(ns).withName(name).withPropagationPolicy(
                            io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
                }
                case CronJob -> {
                    stops.remember(appMap.service(), appMap.name(), name, new StopMemory.Stopped(null, false));
                    applyObjects(c, appMap, server, null, true);
                }
            }
            return status(appMap, server);
        });
    }

    @Override
    public ServerStatus start(AppMap appMap, Server server) {
        return onCluster(appMap, server, "start", c -> {
            Optional<StopMemory.Stopped> stopped = stops.find(appMap.service(), appMap.name(), server.name());
            Integer replicas = stopped.map(StopMemory.Stopped::replicas).orElse(null);
            applyObjects(c, appMap, server, replicas, false);
            stops.forget(appMap.service(), appMap.name(), server.name());
            return status(appMap, server);
        });
    }

    @Override
    public ServerStatus restart(AppMap appMap, Server server) {
        return onCluster(appMap, server, "restart", c -> {
            String ns = appMap.effectiveNamespace();
            String name = server.name();
            KubernetesClient k = c.client();
            String now = Instant.now().toString();
            switch (server.definition().kind()) {
                case Deployment -> k.apps().deployments().inNamespace(ns).withName(name).edit(d -> {
                    d.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTARTED_AT, now);
                    return d;
                });
                case StatefulSet -> k.apps().statefulSets().inNamespace(ns).withName(name).edit(d -> {
                    d.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTARTED_AT, now);
                    return d;
                });
                case DaemonSet -> k.apps().daemonSets().inNamespace(ns).withName(name).edit(d -> {
                    d.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTARTED_AT, now);
                    return d;
                });
                case Job -> {
                    k.batch().v1().jobs().inNamespace(ns).withName(name).withPropagationPolicy(
                            io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
                    k.batch().v1().jobs().inNamespace(ns).withName(name).waitUntilCondition(j -> j == null,
                            30, java.util.concurrent.TimeUnit.SECONDS);
                    applyObjects(c, appMap, server, null, false);
                }
                case CronJob -> throw new ValidationException("kind", "a CronJob runs on its schedule; restart applies to"
                        + " Deployment, StatefulSet, DaemonSet and Job");
            }
            return status(appMap, server);
        });
    }

    @Override
    public ServerStatus scale(AppMap appMap, Server server, int replicas) {
        ServerKind kind = server.definition().kind();
        if (kind != ServerKind.Deployment && kind != ServerKind.StatefulSet) {
            throw new ValidationException("replicas", "a " + kind + " has no replicas to scale: only Deployment and"
                    + " StatefulSet do");
        }
        if (replicas < 0 || replicas > 1000) {
            throw new ValidationException("replicas", replicas + " is out of range: give 0 to 1000");
        }
        if (server.definition().autoscaling() != null) {
            throw new ConflictException("server '" + server.name() + "' is autoscaled: change the autoscaling bounds"
                    + " instead, or turn autoscaling off");
        }
        return onCluster(appMap, server, "scale", c -> {
            if (kind == ServerKind.Deployment) {
                c.client().apps().deployments().inNamespace(appMap.effectiveNamespace()).withName(server.name()).scale(replicas);
            } else {
                c.client().apps().statefulSets().inNamespace(appMap.effectiveNamespace()).withName(server.name()).scale(replicas);
            }
            return status(appMap, server);
        });
    }

    @Override
    public void delete(AppMap appMap, Server server) {
        onCluster(appMap, server, "delete", c -> {
            for (HasMetadata object : build(c, appMap, server, null, false).objects()) {
                if (!(object instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim)) {
                    c.client().resource(object).withPropagationPolicy(
                            io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
                }
            }
            deleteAutoscaler(c, appMap.effectiveNamespace(), server.name());
            stops.forget(appMap.service(), appMap.name(), server.name());
            return null;
        });
    }

    @Override
    public ServerStatus status(AppMap appMap, Server server) {
        ClusterConnection c = clusters.connection(appMap.cluster());
        String ns = appMap.effectiveNamespace();
        String name = server.name();
        boolean stopped = stops.find(appMap.service(), appMap.name(), name).isPresent();
        List<Pod> pods = c.cached(Pod.class, ns).stream().filter(p -> p.getMetadata().getLabels() != null
                && name.equals(p.getMetadata().getLabels().get(Labels.SERVER))).toList();
        return switch (server.definition().kind()) {
            case Deployment -> States.deployment(find(c.cached(Deployment.class, ns), name), stopped, pods);
            case StatefulSet -> States.statefulSet(find(c.cached(StatefulSet.class, ns), name), stopped, pods);
            case DaemonSet -> States.daemonSet(find(c.cached(DaemonSet.class, ns), name), stopped, pods);
            case Job -> States.job(find(c.cached(Job.class, ns), name), stopped, pods);
            case CronJob -> cronJobStatus(c, ns, name, stopped);
        };
    }

    private ServerStatus cronJobStatus(ClusterConnection c, String ns, String name, boolean stopped) {
        if (c.serves(ApiVersions.BATCH_V1, "CronJob")) {
            var job = find(c.cached(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class, ns), name);
            return States.cronJob(job == null ? null : job.getSpec().getSuspend(), job == null || job.getStatus() == null
                    ? null : job.getStatus().getLastScheduleTime(), job != null, stopped);
        }
        var job = find(c.cached(io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class, ns), name);
        return States.cronJob(job == null ? null : job.getSpec().getSuspend(), job == null || job.getStatus() == null
                ? null : job.getStatus().getLastScheduleTime(), job != null, stopped);
    }

    // --- applying

    private BuiltServerObjects build(ClusterConnection c, AppMap appMap, Server server, Integer replicas, boolean suspend) {
        ServerDefinition def = server.definition();
        BuiltServerObjects objects = builder.build(appMap.service(), appMap.name(), appMap.effectiveNamespace(), def,
                ApiVersions.fromServedKinds(c::serves));
        HasMetadata controller = objects.controller();
        if (controller instanceof Deployment d) {
            d.getSpec().setReplicas(replicas != null ? replicas : autoscaledReplicas(c, appMap, def, d.getSpec().getReplicas()));
        } else if (controller instanceof StatefulSet s) {
            s.getSpec().setReplicas(replicas != null ? replicas : autoscaledReplicas(c, appMap, def, s.getSpec().getReplicas()));
        } else if (controller instanceof io.fabric8.kubernetes.api.model.batch.v1.CronJob cj) {
            cj.getSpec().setSuspend(suspend || Boolean.TRUE.equals(cj.getSpec().getSuspend()));
        } else if (controller instanceof io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob cj) {
            cj.getSpec().setSuspend(suspend || Boolean.TRUE.equals(cj.getSpec().getSuspend()));
        }
        boolean stoppedScalable = replicas != null && replicas == 0;
        for (ServerObjectContributor contributor : contributors) {
            if (stoppedScalable && contributor instanceof AutoscalerContributor) {
                continue; // a stopped server has no autoscaler: it would scale it up again
            }
            contributor.contribute(objects);
        }
        return objects;
    }

    /**
     * With an autoscaler, the replicas are its to choose: an apply keeps the number it set (else it would undo its
     * scaling), and a first apply starts within its bounds.
     */
    private static Integer autoscaledReplicas(ClusterConnection c, AppMap appMap, ServerDefinition def, Integer defined) {
        if (def.autoscaling() == null) {
            return defined;
        }
        Integer live = liveReplicas(c.client(), def.kind(), appMap.effectiveNamespace(), def.name());
        if (live != null && live > 0) {
            return live;
        }
        int min = def.autoscaling().minReplicas() == null ? 1 : def.autoscaling().minReplicas();
        return Math.max(defined == null ? 1 : defined, min);
    }

    private void applyObjects(ClusterConnection c, AppMap appMap, Server server, Integer replicas, boolean suspend) {
        BuiltServerObjects objects = build(c, appMap, server, replicas, suspend);
        KubernetesClient k = c.client();
        HasMetadata applied = k.resource(objects.controller()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(applied.getApiVersion()).withKind(applied.getKind())
                .withName(applied.getMetadata().getName()).withUid(applied.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        objects.withOwner(owner);
        boolean autoscaled = false;
        for (HasMetadata object : objects.objects().subList(1, objects.objects().size())) {
            k.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            autoscaled |= object.getKind().equals("HorizontalPodAutoscaler");
        }
        if (!autoscaled) {
            deleteAutoscaler(c, appMap.effectiveNamespace(), server.name());
        }
    }

    private static void deleteAutoscaler(ClusterConnection c, String ns, String name) {
        if (c.serves(ApiVersions.AUTOSCALING_V2, "HorizontalPodAutoscaler")) {
            c.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName(name).delete();
        } else {
            c.client().autoscaling().v2beta2().horizontalPodAutoscalers().inNamespace(ns).withName(name).delete();
        }
    }

    private static Integer liveReplicas(KubernetesClient k, ServerKind kind, String ns, String name) {
        if (kind == ServerKind.Deployment) {
            Deployment d = k.apps().deployments().inNamespace(ns).withName(name).get();
            return d == null ? null : d.getSpec().getReplicas();
        }
        StatefulSet s = k.apps().statefulSets().inNamespace(ns).withName(name).get();
        return s == null ? null : s.getSpec().getReplicas();
    }

    private static <T extends HasMetadata> T find(List<T> objects, String name) {
        return objects.stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst().orElse(null);
    }

    /** An action on the server's cluster; a cluster that does not answer becomes a 503 that says what was not done. */
    private <T> T onCluster(AppMap appMap, Server server, String action, java.util.function.Function<ClusterConnection, T> work) {
        ClusterConnection c = clusters.connection(appMap.cluster());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ServerRuntimes.class.getClassLoader()); // fabric8 finds its models on it
        try {
            return work.apply(c);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 0 || e.getCode() >= 500) {
                throw new UnavailableException("Could not " + action + " server '" + server.name() + "' on cluster '"
                        + appMap.cluster() + "': " + (e.getCause() != null ? e.getCause().toString() : e.getMessage())
                        + ". Its definition is kept; the cluster shows what was done before the failure. Retry when the"
                        + " cluster answers.", e);
            }
            throw new ValidationException("definition", "the cluster refused to " + action + " server '" + server.name()
                    + "': " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
