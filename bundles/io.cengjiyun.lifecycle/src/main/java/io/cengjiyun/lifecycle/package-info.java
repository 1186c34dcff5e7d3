/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The server lifecycle's API: the objects a server definition becomes ({@link io.cengjiyun.lifecycle.ServerObjects}),
 * the API versions they are written in ({@link io.cengjiyun.lifecycle.ApiVersions}), and the extension point
 * through which other bundles add objects or change the pod template ({@link io.cengjiyun.lifecycle.ServerObjectContributor}),
 * and the {@link io.cengjiyun.lifecycle.ServerManager} through which every change of a server definition goes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.cengjiyun.lifecycle;
