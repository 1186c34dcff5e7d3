/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration {@code io.cengjiyun.leader} (etc/io.cengjiyun.leader.cfg). Without a Lease name (here or in the
 * environment variable {@code CENGJIYUN_LEASE_NAME}) the runtime is alone and leads from its start.
 */
@ObjectClassDefinition(
        name = "Cengjiyun leader election",
        description = "Replicas on Kubernetes elect the one that does the work that must run once through a"
                + " coordination.k8s.io Lease.")
public @interface LeaderConfig {
    @AttributeDefinition(
            description = "The Lease's name; empty: the environment variable CENGJIYUN_LEASE_NAME; empty there too:"
                    + " no election, this runtime leads alone")
    String leaseName() default "";

    @AttributeDefinition(
            description = "The Lease's namespace; empty: POD_NAMESPACE, else the pod's own namespace (its service"
                    + " account's namespace file)")
    String leaseNamespace() default "";

    @AttributeDefinition(description = "This replica's name in the election; empty: POD_NAME, else the host's name")
    String identity() default "";

    @AttributeDefinition(
            description = "A kubeconfig file for the cluster that holds the Lease; empty: the pod's service account")
    String kubeconfig() default "";

    @AttributeDefinition(
            description = "Seconds a Lease holds without renewal: how long a replica that died unannounced keeps"
                    + " the others from leading",
            min = "3")
    int leaseDurationSeconds() default 10;

    @AttributeDefinition(
            description = "Seconds the leader keeps trying to renew before it stops leading; less than the lease"
                    + " duration",
            min = "2")
    int renewDeadlineSeconds() default 7;

    @AttributeDefinition(description = "Seconds between two tries to acquire or renew", min = "1")
    int retryPeriodSeconds() default 2;
}
