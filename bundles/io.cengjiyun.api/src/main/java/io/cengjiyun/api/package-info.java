/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Cengjiyun domain: services, application maps, server definitions and their revisions, and the
 * store that keeps them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package io.cengjiyun.api;
