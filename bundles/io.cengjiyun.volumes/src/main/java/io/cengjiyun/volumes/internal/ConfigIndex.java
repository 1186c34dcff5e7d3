/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import java.util.List;

/** The config maps and secrets an appmap has, without their data; an interface so that tests can give a list. */
interface ConfigIndex {
    List<ConfigRef> refs(String service, String appmap);
}
