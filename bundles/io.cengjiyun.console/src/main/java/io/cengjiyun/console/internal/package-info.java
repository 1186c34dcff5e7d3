/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** The web console's files and the answers that route a browser to it; no API of its own. */
package io.cengjiyun.console.internal;
