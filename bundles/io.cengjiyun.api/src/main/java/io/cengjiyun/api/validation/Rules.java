/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * The constraints of the API's fields, once: the validators ({@link Checks}, {@link HierarchyValidator}, the
 * contributors') compile and check these, and the records' {@link io.cengjiyun.api.doc.Doc} annotations name the same
 * constants, so that the OpenAPI document states what the API enforces. Patterns match the whole value.
 */
public final class Rules {
    /** A DNS-1123 label: services, appmaps, servers, containers, clusters, namespaces. */
    public static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    /** The longest DNS-1123 label. */
    public static final int MAX_LABEL = 63;
    /** A DNS-1123 subdomain: service account names, config map and secret names. */
    public static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    /** The longest DNS-1123 subdomain. */
    public static final int MAX_SUBDOMAIN = 253;
    /** A Kubernetes quantity: 500m, 1.5, 256Mi, 2Gi, 1e3. */
    public static final String QUANTITY =
            "(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?";
    /** A percentage: 25%. */
    public static final String PERCENT = "\\d{1,3}%";
    /** An IANA service name (a named port). */
    public static final String IANA_SVC_NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    /** The longest IANA service name. */
    public static final int MAX_PORT_NAME = 15;
    /** The highest port number (the lowest is 1). */
    public static final int MAX_PORT = 65535;
    /** An environment variable's name. */
    public static final String ENV_NAME = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    /** A label's or annotation's key: an optional DNS prefix and '/', then a name. */
    public static final String LABEL_KEY = "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
    /** A label's value (may be empty). */
    public static final String LABEL_VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";
    /** The longest label value. */
    public static final int MAX_LABEL_VALUE = 63;
    /** The longest label or annotation key, prefix included. */
    public static final int MAX_LABEL_KEY = 316;
    /** A cron schedule: five fields, or a macro such as @daily. */
    public static final String CRON =
            "(@(yearly|annually|monthly|weekly|daily|hourly))|(\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+)";
    /** The most replicas a server may ask for. */
    public static final int MAX_REPLICAS = 1000;
    /** The largest count an update strategy's maxSurge or maxUnavailable may give. */
    public static final int MAX_SURGE = 10_000;
    /** The longest a new pod must be ready before it counts as available, in seconds. */
    public static final int MAX_MIN_READY_SECONDS = 3600;
    /** The longest a rollout may take without progress before it fails, in seconds. */
    public static final int MAX_PROGRESS_DEADLINE_SECONDS = 86_400;
    /** The highest target utilization of an autoscaler, in percent of the containers' requests. */
    public static final int MAX_UTILIZATION = 1000;
    /** The most pods a quota may allow. */
    public static final int MAX_QUOTA_PODS = 100_000;
    /** The longest display name of a service. */
    public static final int MAX_DISPLAY_NAME = 100;
    /** The longest description of a service. */
    public static final int MAX_DESCRIPTION = 2000;
    /** Kubernetes' longest autoscaler stabilization window, in seconds. */
    public static final int MAX_STABILIZATION_WINDOW_SECONDS = 3600;
    /** Kubernetes' longest autoscaler policy period, in seconds. */
    public static final int MAX_PERIOD_SECONDS = 1800;

    /** When a container's image is pulled. */
    public enum PullPolicy {
        Always,
        IfNotPresent,
        Never
    }

    /** A port's protocol. */
    public enum Protocol {
        TCP,
        UDP,
        SCTP
    }

    /** How a controller replaces its pods. */
    public enum Strategy {
        RollingUpdate,
        Recreate,
        OnDelete
    }

    /** What a CronJob does when a run is due while the last one runs. */
    public enum ConcurrencyPolicy {
        Allow,
        Forbid,
        Replace
    }

    /** When a Job's pod is restarted. */
    public enum JobRestartPolicy {
        Never,
        OnFailure
    }

    /** A toleration's operator. */
    public enum TolerationOperator {
        Exists,
        Equal
    }

    /** A taint's effect. */
    public enum TaintEffect {
        NoSchedule,
        PreferNoSchedule,
        NoExecute
    }

    /** Which of an autoscaler's policies wins. */
    public enum SelectPolicy {
        Max,
        Min,
        Disabled
    }

    /** What an autoscaler's policy counts. */
    public enum ScalingPolicyType {
        Pods,
        Percent
    }

    private Rules() {}

    /** The names of an enum's constants, in order: the allowed values of a field. */
    public static List<String> names(Class<? extends Enum<?>> values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> e : values.getEnumConstants()) {
            names.add(e.name());
        }
        return List.copyOf(names);
    }
}
