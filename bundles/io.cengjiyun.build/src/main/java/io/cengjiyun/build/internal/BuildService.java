/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.build.BuildSpec;
import io.cengjiyun.registry.RegistryAccess;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the REST resource and the console commands do with builds, once: start one (checked, stored QUEUED, queued),
 * find one of a service, list a service's.
 */
@Component(service = BuildService.class, configurationPid = BuildQueue.PID)
public class BuildService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final HierarchyStore store;
    private final Builds builds;
    private final BuildQueue queue;
    private final RegistryAccess registries;
    private final int maxContextKiB;

    @Activate
    public BuildService(
            @Reference HierarchyStore store,
            @Reference Builds builds,
            @Reference BuildQueue queue,
            @Reference RegistryAccess registries,
            BuildConfig config) {
        this.store = store;
        this.builds = builds;
        this.queue = queue;
        this.registries = registries;
        this.maxContextKiB = BuildRules.maxContextKiB(config);
    }

    /** What a build is asked to do; {@code context} empty when {@code git} names where it comes from. */
    record Request(
            String appmap,
            String registry,
            String repository,
            String tag,
            String dockerfile,
            List<String> args,
            byte[] context,
            String git,
            String ref) {}

    /**
     * Checks the request, stores the build QUEUED and queues it.
     *
     * @throws ValidationException naming each field that is wrong; NotFoundException for the service or appmap
     */
    BuildView start(String service, Request r, String author) {
        requireService(service);
        String file = r.dockerfile() == null || r.dockerfile().isBlank() ? "Dockerfile" : r.dockerfile();
        ValidationException.throwIfAny(BuildRules.check(
                r.appmap(),
                r.registry(),
                r.repository(),
                r.tag(),
                file,
                r.args(),
                r.context(),
                maxContextKiB,
                r.git(),
                r.ref()));
        AppMap appMap = store.findAppMap(service, r.appmap())
                .orElseThrow(() -> new NotFoundException("appmap '" + r.appmap() + "' of service '" + service + "'"));
        RegistryAccess.Credentials target = registries
                .find(service, r.registry())
                .orElseThrow(() -> new ValidationException(
                        "registry",
                        "service '" + service + "' has no registry '" + r.registry() + "': add it first (POST"
                                + " /services/" + service + "/registries)"));
        String image = target.address() + "/" + r.repository() + ":" + r.tag();
        String id = id();
        GitContext.Source source = r.git() == null ? null : new GitContext.Source(r.git(), r.ref());
        BuildView queued = new BuildView(
                id,
                service,
                r.appmap(),
                r.registry(),
                r.repository(),
                r.tag(),
                image,
                file,
                BuildRules.args(r.args()),
                BuildView.QUEUED,
                null,
                null,
                "Waiting for a free builder (at most " + queue.maxConcurrent() + " at once)",
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                null,
                author,
                source == null ? "upload" : source.describe());
        return queue.submit(
                queued,
                new BuildSpec(
                        id,
                        appMap,
                        source == null ? r.context() : new byte[0],
                        file,
                        BuildRules.args(r.args()),
                        image,
                        target),
                source);
    }

    /** The build as it stands now. @throws NotFoundException for an unknown service or build */
    BuildView find(String service, String id) {
        return queue.current(stored(service, id));
    }

    /** The build as stored (its outcome once ended). */
    BuildView stored(String service, String id) {
        requireService(service);
        return builds.find(service, id)
                .orElseThrow(() -> new NotFoundException("build '" + id + "' of service '" + service + "'"));
    }

    /** The service's newest builds, as they stand now. */
    List<BuildView> list(String service, int limit) {
        requireService(service);
        return builds.list(service, limit).stream().map(queue::current).toList();
    }

    /** Everything the build printed so far. */
    String output(String service, String id) {
        BuildView b = stored(service, id);
        String live = queue.liveOutput(b.id());
        return live != null ? live : builds.output(b.id());
    }

    private void requireService(String service) {
        if (store.findService(service).isEmpty()) {
            throw new NotFoundException("service '" + service + "'");
        }
    }

    private static String id() {
        StringBuilder b = new StringBuilder("b");
        for (int i = 0; i < 11; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
