/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.shell;

/** Conventions of the {@code cj} console commands. */
public final class Commands {
    /** The command scope of every Cengjiyun bundle. */
    public static final String SCOPE = "cj";
    /**
     * Service property of a commands component: the names of its functions that only read. The security
     * bundle audits every other {@code cj} command line as the console operator's action.
     */
    public static final String READ_ONLY = "cengjiyun.command.readonly";

    private Commands() {}
}
