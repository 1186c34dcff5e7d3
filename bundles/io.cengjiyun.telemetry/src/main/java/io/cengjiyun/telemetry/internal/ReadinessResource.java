/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.telemetry.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.Stopping;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.database.Database;
import io.cengjiyun.rest.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Readiness, apart from liveness ({@code /health}): ready when the database answers and every registered cluster's
 * caches have listed. A cluster found unreachable does not keep the runtime from being ready (the platform serves
 * what it knows of it, and says UNKNOWN); one reachable whose caches are still listing does, since what it would
 * answer about that cluster is not true yet. Not ready is a 503 problem naming each part and why.
 */
@Component(service = ReadinessResource.class)
@JakartarsResource
@Allow(Right.ANYONE)
@Path("ready")
public class ReadinessResource {
    private final Database db;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ClusterRegistry clusters;

    /** Registered by the launcher when the runtime begins to stop (SIGTERM): not ready from then on. */
    @Reference(
            service = BooleanSupplier.class,
            target = Stopping.TARGET,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    volatile BooleanSupplier stopping;

    /**
     * When the runtime has started every bundle, plus a second for the REST runtime to take the last resources in:
     * before, a Service could send a request to a resource not registered yet (a 404). 0 until the framework says so.
     */
    private volatile long startedAt;

    private final BundleContext context;
    private final FrameworkListener onStarted = event -> {
        if (event.getType() == FrameworkEvent.STARTED) {
            startedAt = System.nanoTime() + SETTLE_NANOS;
        }
    };

    static final long SETTLE_NANOS = 1_000_000_000L;

    @Activate
    public ReadinessResource(@Reference Database db, BundleContext context) {
        this.db = db;
        this.context = context;
        context.addFrameworkListener(onStarted);
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            startedAt = System.nanoTime(); // a redeploy of this bundle in a running framework
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(onStarted);
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            id = "getReadiness",
            summary = "Check that the runtime is ready to serve",
            description = "Readiness: ready when the database answers (within 2 s) and every registered cluster"
                    + " has been checked and its caches have listed; a cluster found unreachable does not keep"
                    + " the runtime from being ready; a runtime that is still starting its bundles, or stopping, is not ready. Ready: `{status: READY, store, clusters}` with each"
                    + " cluster's state (`synced`, `unreachable: <why>`). Not ready: a 503 problem whose `errors`"
                    + " name each part not ready (`runtime`, `store`, `clusters.<name>`) and why.")
    @Fails(406)
    @Answer(
            status = 200,
            type = Map.class,
            mediaTypes = {MediaType.APPLICATION_JSON},
            description = "Ready: `{status, store, clusters}`")
    public Response ready() {
        List<FieldError> notReady = new ArrayList<>();
        Map<String, Object> ready = new LinkedHashMap<>();
        long started = startedAt;
        if (started == 0 || System.nanoTime() < started) {
            notReady.add(new FieldError("runtime", "the runtime is still starting its bundles"));
        }
        if (stopping != null) {
            notReady.add(new FieldError("runtime", "the runtime is stopping: it finishes what it serves, then exits"));
        }
        try {
            boolean valid = db.read("check that the database answers", c -> c.isValid(2));
            if (valid) {
                ready.put("store", "answers");
            } else {
                notReady.add(new FieldError("store", "the database does not answer within 2 s"));
            }
        } catch (RuntimeException e) {
            notReady.add(new FieldError("store", e.getMessage()));
        }
        Map<String, String> byCluster = new LinkedHashMap<>();
        ClusterRegistry registered = clusters;
        if (registered != null) {
            for (ClusterInfo info : registered.clusters()) {
                String state = clusterState(registered, info);
                if (state == null) {
                    notReady.add(new FieldError(
                            "clusters." + info.name(),
                            info.checkedAt() == null
                                    ? "not checked yet"
                                    : "its caches are still listing what the cluster has"));
                } else {
                    byCluster.put(info.name(), state);
                }
            }
        }
        if (!notReady.isEmpty()) {
            Problem problem = Problem.of(
                            503,
                            "not-ready",
                            "Not ready",
                            "the runtime is not ready to serve: " + notReady.size() + " part(s) not ready, see errors")
                    .withErrors(notReady);
            return Response.status(503).type(Problem.MEDIA_TYPE).entity(problem).build();
        }
        ready.put("clusters", byCluster);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "READY");
        body.putAll(ready);
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    /** "synced", "unreachable: why" (known not to answer: no reason to wait), or null while not ready. */
    private static String clusterState(ClusterRegistry registered, ClusterInfo info) {
        if (info.checkedAt() == null) {
            return null;
        }
        if (!info.reachable()) {
            return "unreachable: " + info.message();
        }
        ClusterConnection c;
        try {
            c = registered.connection(info.name());
        } catch (RuntimeException e) {
            return "removed";
        }
        return c.synced() ? "synced" : null;
    }
}
