/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** The Gogo commands (scope cj) for services, appmaps and server definitions. Not exported. */
package io.cengjiyun.lifecycle.internal.shell;
