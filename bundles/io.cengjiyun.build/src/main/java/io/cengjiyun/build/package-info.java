/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The engine that runs an image build ({@link io.cengjiyun.build.ImageBuilder}): the platform's is a Kubernetes Job of
 * unprivileged buildah on the service's cluster; another engine registers its own service with a higher ranking.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cengjiyun.build;
