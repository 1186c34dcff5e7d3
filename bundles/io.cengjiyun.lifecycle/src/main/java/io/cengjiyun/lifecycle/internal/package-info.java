/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * How a server definition becomes Kubernetes objects: the controller of each kind with its pod template
 * ({@link io.cengjiyun.lifecycle.internal.ObjectBuilder}), the platform's labels, and the autoscaler contributor.
 * Pure: nothing here talks to a cluster. Not exported.
 */
package io.cengjiyun.lifecycle.internal;
