/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.Container;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.StaleVersionException;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.inspection.Inspector;
import io.cengjiyun.inspection.ServerObjectsView;
import io.cengjiyun.lifecycle.ServerManager;
import io.cengjiyun.registry.internal.ImagesView.ContainerImage;
import io.cengjiyun.registry.internal.RegistryRules.ImageRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which image each container of a server really runs (the digests in its pods' status, from the informer caches),
 * which digest its tag names in its registry now (one HEAD of the manifest per image), and the one-call rollout of the
 * newer ones: a new revision whose images are pinned to those digests ({@code shop/web:1.4@sha256:...}), so that the
 * nodes pull exactly them whatever the pull policy, and the revision history says which digest ran when. A build
 * followed by servers ({@code registry.followBuilds}) rolls them out the same way.
 */
@Component(service = ServerImages.class)
public class ServerImages {
    private static final Logger LOG = LoggerFactory.getLogger(ServerImages.class);
    static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HierarchyStore store;
    private final Registries registries;
    private final Inspector inspector;
    private final ServerManager servers;

    @Activate
    public ServerImages(
            @Reference HierarchyStore store,
            @Reference Registries registries,
            @Reference Inspector inspector,
            @Reference ServerManager servers) {
        this.store = store;
        this.registries = registries;
        this.inspector = inspector;
        this.servers = servers;
    }

    /** The server's images, their running digests and the registry's current ones. */
    ImagesView images(String service, String appmap, String server) {
        Server s = server(service, appmap, server);
        return view(s, runningDigests(service, appmap, server), new HashMap<>(), registries.usable(service));
    }

    /**
     * The images of every server of the appmap (each image's digest asked of its registry once for all of them), by
     * server name; only the servers with a newer image when {@code newerOnly}.
     */
    List<ImagesView> appMapImages(String service, String appmap, boolean newerOnly) {
        if (store.findAppMap(service, appmap).isEmpty()) {
            throw new NotFoundException("appmap '" + appmap + "' of service '" + service + "'");
        }
        Map<String, Object> latest = new HashMap<>();
        List<Registry> known = registries.usable(service); // read once for all the servers
        List<ImagesView> views = new ArrayList<>();
        for (Server s : store.listServers(service, appmap)) {
            ImagesView v =
                    view(s, runningDigests(service, appmap, s.definition().name()), latest, known);
            if (!newerOnly || v.newer()) {
                views.add(v);
            }
        }
        return views;
    }

    /**
     * Rolls out, as one new revision, every container whose tag names a newer digest in its registry: its image
     * pinned to that digest. 409 when there is none.
     *
     * @param expected the revision the caller read, or {@link HierarchyStore#ANY_VERSION}
     */
    ImagesView update(String service, String appmap, String server, long expected, String author) {
        Server s = server(service, appmap, server);
        if (expected != HierarchyStore.ANY_VERSION && expected != s.version()) {
            throw new StaleVersionException("server '" + server + "'", expected, s.version());
        }
        List<Registry> known = registries.usable(service);
        ImagesView before = view(s, runningDigests(service, appmap, server), new HashMap<>(), known);
        Map<String, String> pins = new LinkedHashMap<>();
        before.containers().stream().filter(ContainerImage::newer).forEach(c -> pins.put(c.container(), c.latest()));
        if (pins.isEmpty()) {
            throw new ConflictException("every container of server '" + server + "' runs the digest its tag names in"
                    + " its registry now: nothing newer to roll out");
        }
        Server after = servers.update(
                service, appmap, pinned(s.definition(), pins), s.version(), author, "newer images: " + describe(pins));
        return view(after, runningDigests(service, appmap, server), new HashMap<>(), known);
    }

    /**
     * Rolls out every server of the service that follows builds and runs {@code <address>/<repository>:<tag>} of
     * the registry, pinned to the built digest. Returns what was done for each, as the build's output says it.
     */
    List<String> follow(String service, String registry, String repository, String tag, String digest, String author) {
        Optional<Registry> pushedTo = registries.usable(service, registry);
        if (pushedTo.isEmpty()) {
            return List.of();
        }
        String built = pushedTo.get().address() + "/" + repository + ":" + tag;
        List<Registry> known = registries.usable(service); // read once for all the servers
        List<String> done = new ArrayList<>();
        for (AppMap a : store.listAppMaps(service)) {
            for (Server s : store.listServers(service, a.name())) {
                if (!RegistryImages.read(s.definition()).followBuilds()) {
                    continue;
                }
                Map<String, String> pins = new LinkedHashMap<>();
                String address = address(known, s.definition());
                forEachContainer(s.definition(), (c, init) -> {
                    ImageRef ref = ImageRef.parse(RegistryRules.resolve(c.image(), address));
                    if (ref.byTag().equals(built) && !digest.equals(ref.digest())) {
                        pins.put(c.name(), digest);
                    }
                });
                if (pins.isEmpty()) {
                    continue;
                }
                String where = a.name() + "/" + s.definition().name();
                try {
                    Server after = servers.update(
                            service,
                            a.name(),
                            pinned(s.definition(), pins),
                            s.version(),
                            author,
                            "follows the build of " + repository + ":" + tag + ": " + describe(pins));
                    done.add(
                            "server " + where + " rolls out revision " + after.version() + " (" + describe(pins) + ")");
                } catch (RuntimeException e) {
                    LOG.warn(
                            "Server {} of service {} follows builds but could not be rolled out: {}",
                            where,
                            service,
                            e.getMessage());
                    done.add("server " + where + " not rolled out: " + e.getMessage());
                }
            }
        }
        return done;
    }

    /**
     * @param latestByImage the registry's answers so far, by image (a digest, or why not): shared by one call
     * @param known the registries the server's service may use, read once per call
     */
    private ImagesView view(
            Server s, Map<String, Set<String>> running, Map<String, Object> latestByImage, List<Registry> known) {
        String service = s.service();
        String address = address(known, s.definition());
        List<ContainerImage> containers = new ArrayList<>();
        forEachContainer(s.definition(), (c, init) -> {
            String reference = RegistryRules.resolve(c.image(), address);
            ImageRef ref = ImageRef.parse(reference);
            Registry from = known.stream()
                    .filter(r -> RegistryRules.isFrom(reference, r.address()))
                    .findFirst()
                    .orElse(null);
            List<String> runs = List.copyOf(running.getOrDefault(c.name(), Set.of()));
            String latest = null;
            String message = null;
            if (from == null) {
                message = "not from a registry of service '" + service + "': its digest is not compared";
            } else if (ref.tag() == null) {
                message = "named by digest only: no tag to follow";
            } else {
                Object found = latestByImage.computeIfAbsent(ref.byTag(), k -> latest(from, ref));
                if (found instanceof Optional<?> digest) {
                    latest = (String) digest.orElse(null);
                    if (latest == null) {
                        message = "registry '" + from.name() + "' has no " + ref.repository() + ":" + ref.tag();
                    }
                } else {
                    message = (String) found;
                }
            }
            boolean newer = isNewer(latest, ref.digest(), runs);
            containers.add(new ContainerImage(
                    c.name(),
                    init,
                    c.image(),
                    reference,
                    from == null ? null : from.name(),
                    ref.repository(),
                    ref.tag(),
                    ref.digest(),
                    init ? null : runs,
                    latest,
                    newer,
                    message));
        });
        return new ImagesView(
                service,
                s.appmap(),
                s.definition().name(),
                s.version(),
                containers.stream().anyMatch(ContainerImage::newer),
                containers);
    }

    /** Whether the registry's digest differs from the pinned one or, with none pinned, from one a pod runs. */
    static boolean isNewer(String latest, String pinned, List<String> running) {
        if (latest == null) {
            return false;
        }
        return pinned != null ? !latest.equals(pinned) : running.stream().anyMatch(d -> !d.equals(latest));
    }

    /** The tag's digest in the registry (an Optional), or why it is not known (a String). */
    private static Object latest(Registry from, ImageRef ref) {
        try {
            return new RegistryApi(from, REGISTRY_TIMEOUT).digest(ref.repository(), ref.tag());
        } catch (UnavailableException e) {
            return e.getMessage();
        }
    }

    /**
     * Per container, the digests its pods run (from {@code imageID}: {@code <repository>@sha256:...} for a pulled
     * image, the image ID for one imported into the node).
     */
    private Map<String, Set<String>> runningDigests(String service, String appmap, String server) {
        Map<String, Set<String>> running = new HashMap<>();
        ServerObjectsView objects;
        try {
            objects = inspector.objects(service, appmap, server);
        } catch (UnavailableException e) {
            return running; // the cluster does not answer: nothing known to run
        }
        if (objects.pods() == null) {
            return running;
        }
        for (ServerObjectsView.PodView pod : objects.pods()) {
            if (pod.containers() == null) {
                continue;
            }
            for (ServerObjectsView.ContainerView c : pod.containers()) {
                // a pulled image: <repository>@sha256:<manifest digest>; one imported into the node (no registry):
                // the runtime's image ID, sha256:<configuration digest>
                String id = c.imageID() == null
                        ? ""
                        : c.imageID().substring(c.imageID().lastIndexOf('@') + 1);
                if (id.startsWith("sha256:")) {
                    running.computeIfAbsent(c.name(), k -> new LinkedHashSet<>())
                            .add(id);
                }
            }
        }
        return running;
    }

    /** The address of the registry the definition names, among those its service may use; null: none. */
    private static String address(List<Registry> known, ServerDefinition definition) {
        String name = RegistryImages.read(definition).name();
        return name == null
                ? null
                : known.stream()
                        .filter(r -> r.name().equals(name))
                        .map(Registry::address)
                        .findFirst()
                        .orElse(null);
    }

    private Server server(String service, String appmap, String server) {
        return store.findServer(service, appmap, server)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + server + "' of appmap '" + appmap + "' of service '" + service + "'"));
    }

    private interface ContainerVisitor {
        void visit(Container container, boolean init);
    }

    private static void forEachContainer(ServerDefinition definition, ContainerVisitor visitor) {
        if (definition.initContainers() != null) {
            definition.initContainers().forEach(c -> visitor.visit(c, true));
        }
        if (definition.containers() != null) {
            definition.containers().forEach(c -> visitor.visit(c, false));
        }
    }

    /** The definition with those containers' images pinned to those digests (the tag kept for the reader). */
    static ServerDefinition pinned(ServerDefinition definition, Map<String, String> pins) {
        ObjectNode tree = JSON.valueToTree(definition);
        for (String list : List.of("initContainers", "containers")) {
            if (tree.get(list) instanceof ArrayNode containers) {
                for (var node : containers) {
                    String digest = pins.get(node.path("name").asText());
                    if (digest != null && node instanceof ObjectNode c) {
                        c.put("image", ImageRef.parse(c.path("image").asText()).pinned(digest));
                    }
                }
            }
        }
        try {
            return JSON.treeToValue(tree, ServerDefinition.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored definition did not read back: " + e.getMessage(), e);
        }
    }

    private static String describe(Map<String, String> pins) {
        List<String> parts = new ArrayList<>();
        pins.forEach((container, digest) -> parts.add(container + " to " + shortDigest(digest)));
        return String.join(", ", parts);
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon < 0 || digest.length() < colon + 13 ? digest : digest.substring(0, colon + 13);
    }
}
