/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code io.cengjiyun.terminal} (etc/io.cengjiyun.terminal.cfg). */
@ObjectClassDefinition(name = "Cengjiyun terminal and logs")
public @interface TerminalConfig {
    String PID = "io.cengjiyun.terminal";

    @AttributeDefinition(description = "Seconds a terminal may see no input and no output before it is closed")
    int idleTimeoutSeconds() default 900;

    @AttributeDefinition(description = "Terminals one user may have open at once")
    int maxSessionsPerUser() default 5;

    @AttributeDefinition(
            description = "Seconds between pings to a terminal's client; one that answers none of three is gone"
                    + " (a lost network) and its shell is ended")
    int heartbeatSeconds() default 20;

    @AttributeDefinition(description = "The most bytes of a session's transcript that are kept (the rest is cut)")
    int maxTranscriptBytes() default 4 * 1024 * 1024;

    @AttributeDefinition(description = "The most lines per container a log search or a merged log may read")
    int maxLogLines() default 50_000;
}
