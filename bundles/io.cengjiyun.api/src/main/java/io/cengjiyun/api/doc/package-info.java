/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What the API's OpenAPI document says of each operation and body, written beside the code it describes: an
 * operation's summary and answers on its JAX-RS method, a field's description, example and constraints on its record
 * component. The REST bundle reads them from the resources deployed now; the constraints are the constants the
 * validators use, so that the document states what the API enforces.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cengjiyun.api.doc;
