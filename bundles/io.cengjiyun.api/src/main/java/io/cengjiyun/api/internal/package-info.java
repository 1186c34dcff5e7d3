/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** The platform's implementation of the API's services; not exported. */
package io.cengjiyun.api.internal;
