/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Image builds: the history ({@link io.cengjiyun.build.internal.Builds}), the bounded queue that runs them and keeps
 * their live output ({@link io.cengjiyun.build.internal.BuildQueue}), the platform's engine, a Kubernetes Job of
 * unprivileged buildah ({@link io.cengjiyun.build.internal.JobImageBuilder}), and the REST resource. Not exported.
 */
package io.cengjiyun.build.internal;
