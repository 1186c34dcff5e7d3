/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What other bundles need to contribute to the REST API: the problem document every error is answered
 * with, the JSON mapper settings, and the media types the API speaks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.cengjiyun.rest;
