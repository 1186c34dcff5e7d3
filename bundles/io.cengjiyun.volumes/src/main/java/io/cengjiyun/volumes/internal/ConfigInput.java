/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;
import java.util.Map;

/**
 * A config map or secret as a client sends it. {@code restartServers}: the servers that use it roll when its data
 * changes (kept with it; absent means false).
 */
@Doc("A config map or secret as a client sends it: its name, its entries and whether its servers roll on a change")
public record ConfigInput(
        @Doc(
                value = "The name (a DNS-1123 label): required to create; on PUT, leave it out or give the"
                        + " path's (no renaming)",
                example = "app-config",
                pattern = Rules.DNS_LABEL,
                maxLength = ConfigRules.MAX_NAME)
        String name,

        @Doc(
                value = "The entries, key to value (`{}` for none). A key is at most " + ConfigRules.MAX_KEY
                        + " letters, digits, '-', '_' and '.' (a mounted key becomes a file of that name);"
                        + " keys and values together take at most " + ConfigRules.MAX_BYTES + " bytes",
                required = true)
        Map<String, String> data,

        @Doc(
                value = "Whether the servers that use it are applied again, so that their pods roll, when"
                        + " its data changes (kept with it)",
                example = "false",
                defaultValue = "false")
        Boolean restartServers) {}
