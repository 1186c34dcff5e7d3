/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Extension point of the appmap overview: other bundles add their own section to it (the monitoring bundle its use
 * against quota, top consumers and watches) without the bundle that serves the overview knowing them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cengjiyun.api.overview;
