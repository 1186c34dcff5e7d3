/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** The JAX-RS whiteboard extensions and resources of the REST bundle; not exported. */
package io.cengjiyun.rest.internal;
