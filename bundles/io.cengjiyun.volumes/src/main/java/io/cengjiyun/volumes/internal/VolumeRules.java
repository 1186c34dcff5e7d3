/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.Container;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.Volume;
import io.cengjiyun.api.validation.Checks;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The checks of a server's volumes, stricter than the store's ({@code HierarchyValidator}) where Kubernetes would
 * refuse the objects or the pods would never start: a claim's name fits, sizes are positive quantities, a field is
 * only given where its type uses it, a mount path is not mounted twice in a container, and a config or secret
 * volume names a config map or secret the appmap has.
 */
final class VolumeRules {
    static final String PERSISTENT = "persistent";
    static final String EMPTY_DIR = "emptyDir";
    static final String CONFIG = "config";
    static final String SECRET = "secret";
    static final String MEMORY = "Memory";
    static final String READ_WRITE_ONCE = "ReadWriteOnce";
    static final List<String> TYPES = List.of(PERSISTENT, EMPTY_DIR, CONFIG, SECRET);
    /** ReadWriteOncePod, which the store accepts, is alpha until Kubernetes 1.22 and absent from 1.20: refused here. */
    static final List<String> ACCESS_MODES = List.of(READ_WRITE_ONCE, "ReadOnlyMany", "ReadWriteMany");

    private static final int MAX_NAME = 63;
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private VolumeRules() {}

    /**
     * Every problem of the definition's volumes; none for a definition without volumes.
     *
     * @param existing the names of the appmap's config maps and secrets, by kind
     */
    static List<FieldError> check(ServerDefinition def, Map<ConfigKind, Set<String>> existing) {
        Checks c = new Checks(new ArrayList<>());
        List<Volume> volumes = def.volumes();
        if (volumes == null || volumes.isEmpty()) {
            return c.errors();
        }
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> mounts = new HashMap<>();
        Map<String, String> ownMounts = containerMounts(def.containers());
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String f = "volumes[" + i + "]";
            if (v == null) {
                c.error(
                        f,
                        "is empty: give a name, a type and a mountPath, e.g. {\"name\": \"data\", \"type\":"
                                + " \"persistent\", \"size\": \"1Gi\", \"mountPath\": \"/data\"}");
                continue;
            }
            name(c, f, v, def.name(), i, names);
            mountPath(c, f, v, i, mounts, ownMounts);
            if (v.subPath() != null
                    && (v.subPath().isBlank()
                            || v.subPath().startsWith("/")
                            || List.of(v.subPath().split("/")).contains(".."))) {
                c.error(
                        f + ".subPath",
                        "'" + v.subPath() + "' must be a relative path inside the volume without '..',"
                                + " e.g. 'conf' (or leave it out to mount the whole volume)");
            }
            if (v.type() == null || !TYPES.contains(v.type())) {
                c.error(
                        f + ".type",
                        (v.type() == null ? "is required" : "'" + v.type() + "' is not a volume type")
                                + ": use persistent (a claim that keeps its data), emptyDir (scratch space of the pod), config"
                                + " (a config map of the appmap) or secret (a secret of the appmap)");
                continue;
            }
            switch (v.type()) {
                case PERSISTENT -> persistent(c, f, v);
                case EMPTY_DIR -> emptyDir(c, f, v);
                default -> config(c, f, v, ConfigKind.ofVolumeType(v.type()), existing);
            }
        }
        return c.errors();
    }

    /** The claim of a persistent volume of a Deployment, DaemonSet, Job or CronJob. */
    static String claimName(String server, String volume) {
        return server + "-" + volume;
    }

    static String accessMode(Volume v) {
        return v.accessMode() == null ? READ_WRITE_ONCE : v.accessMode();
    }

    /** The amount of a quantity, in bytes for a size; null if it is not one. */
    static BigDecimal amount(String quantity) {
        if (quantity == null) {
            return null;
        }
        try {
            return new Quantity(quantity).getNumericalAmount();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void name(Checks c, String f, Volume v, String server, int i, Map<String, Integer> seen) {
        if (!c.dnsLabel(f + ".name", v.name(), MAX_NAME)) {
            return;
        }
        Integer first = seen.putIfAbsent(v.name(), i);
        if (first != null) {
            c.error(
                    f + ".name",
                    "'" + v.name() + "' is also the name of volumes[" + first + "]: give each volume its"
                            + " own name");
        }
        if (server != null
                && PERSISTENT.equals(v.type())
                && claimName(server, v.name()).length() > MAX_NAME) {
            c.error(
                    f + ".name",
                    "'" + v.name() + "' makes the claim '" + claimName(server, v.name()) + "', "
                            + claimName(server, v.name()).length() + " characters long; it may be at most " + MAX_NAME
                            + ": use a volume name of at most " + Math.max(1, MAX_NAME - server.length() - 1)
                            + " characters");
        }
    }

    private static void mountPath(
            Checks c, String f, Volume v, int i, Map<String, Integer> seen, Map<String, String> ownMounts) {
        String path = v.mountPath();
        if (path == null || path.isBlank()) {
            c.error(f + ".mountPath", "is required: the absolute path in the containers, e.g. '/data'");
            return;
        }
        if (!path.startsWith("/")) {
            c.error(f + ".mountPath", "'" + path + "' is not absolute: start it with '/', e.g. '/" + path + "'");
            return;
        }
        String normal = normal(path);
        Integer first = seen.putIfAbsent(normal, i);
        if (first != null) {
            c.error(
                    f + ".mountPath",
                    "'" + path + "' is also the mountPath of volumes[" + first + "]: mount each"
                            + " volume at its own path");
        } else if (ownMounts.containsKey(normal)) {
            c.error(
                    f + ".mountPath",
                    "'" + path + "' is already mounted by " + ownMounts.get(normal) + ": mount the"
                            + " volume elsewhere, or remove that volumeMount");
        }
    }

    private static void persistent(Checks c, String f, Volume v) {
        size(c, f + ".size", v.size(), true, "'1Gi'");
        if (v.accessMode() != null && !ACCESS_MODES.contains(v.accessMode())) {
            c.error(
                    f + ".accessMode",
                    "'" + v.accessMode() + "' is not an access mode this platform supports: use"
                            + " ReadWriteOnce (one node, the default), ReadOnlyMany or ReadWriteMany");
        }
        if (v.storageClass() != null
                && (v.storageClass().length() > 253
                        || !DNS_SUBDOMAIN.matcher(v.storageClass()).matches())) {
            c.error(
                    f + ".storageClass",
                    "'" + v.storageClass() + "' is not a storage class name: use the name of one"
                            + " of the cluster's storage classes, or leave it out for the cluster's default");
        }
        notFor(c, f, v, "source", v.source(), "medium", v.medium(), "sizeLimit", v.sizeLimit());
    }

    private static void emptyDir(Checks c, String f, Volume v) {
        if (v.medium() != null && !v.medium().isEmpty() && !MEMORY.equals(v.medium())) {
            c.error(
                    f + ".medium",
                    "'" + v.medium() + "' is not a medium: use Memory (a tmpfs, counted against the"
                            + " containers' memory), or leave it out for the node's disk");
        }
        size(c, f + ".sizeLimit", v.sizeLimit(), false, "'256Mi'");
        notFor(
                c,
                f,
                v,
                "size",
                v.size(),
                "storageClass",
                v.storageClass(),
                "accessMode",
                v.accessMode(),
                "source",
                v.source());
    }

    private static void config(Checks c, String f, Volume v, ConfigKind kind, Map<ConfigKind, Set<String>> existing) {
        notFor(
                c,
                f,
                v,
                "size",
                v.size(),
                "storageClass",
                v.storageClass(),
                "accessMode",
                v.accessMode(),
                "medium",
                v.medium(),
                "sizeLimit",
                v.sizeLimit());
        Set<String> names = new TreeSet<>(existing.getOrDefault(kind, Set.of()));
        String field = f + ".source";
        if (v.source() == null || v.source().isBlank()) {
            c.error(field, "is required: name the " + kind.noun() + " of the appmap to mount, " + known(kind, names));
        } else if (!names.contains(v.source())) {
            c.error(field, "'" + v.source() + "' is no " + kind.noun() + " of the appmap: " + known(kind, names));
        }
    }

    private static String known(ConfigKind kind, Set<String> names) {
        return names.isEmpty()
                ? "it has none yet (create one first: POST .../" + kind.id() + "s)"
                : "it has " + String.join(", ", names);
    }

    private static void size(Checks c, String field, String value, boolean required, String example) {
        if (value == null || value.isBlank()) {
            if (required) {
                c.error(field, "is required: how much storage to claim, e.g. " + example);
            }
            return;
        }
        BigDecimal amount = amount(value);
        if (amount == null || !value.matches("(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE][+]?\\d+)?")) {
            c.error(
                    field,
                    "'" + value + "' is not a size: use a number of bytes with an optional suffix, e.g. " + example
                            + ", 500Mi or 10G");
        } else if (amount.signum() <= 0) {
            c.error(field, "'" + value + "' is not a positive size: use e.g. " + example);
        }
    }

    /** Fields of another type: Kubernetes would ignore them silently, so they are refused. */
    private static void notFor(Checks c, String f, Volume v, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                c.error(f + "." + namesAndValues[i], "is not used by a volume of type " + v.type() + ": remove it");
            }
        }
    }

    /** The mount paths the containers declare themselves (passed-through volumeMounts), to the container's name. */
    private static Map<String, String> containerMounts(List<Container> containers) {
        Map<String, String> mounts = new HashMap<>();
        if (containers == null) {
            return mounts;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            if (container == null || !(container.other().get("volumeMounts") instanceof List<?> list)) {
                continue;
            }
            for (Object mount : list) {
                if (mount instanceof Map<?, ?> m && m.get("mountPath") instanceof String path) {
                    mounts.putIfAbsent(normal(path), "containers[" + i + "].volumeMounts");
                }
            }
        }
        return mounts;
    }

    private static String normal(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
