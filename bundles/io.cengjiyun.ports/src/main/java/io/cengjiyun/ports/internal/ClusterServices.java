/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/** Every Service a cluster has now, in every namespace; an interface so that tests can give a list. */
interface ClusterServices {
    List<Service> list(String cluster);
}
