/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code io.cengjiyun.database}. With no configuration at all the database is embedded Derby under the data folder. */
@ObjectClassDefinition(
        name = "Cengjiyun database",
        description = "The one database of the platform: the hierarchy and every module's tables.")
public @interface DatabaseConfig {

    @AttributeDefinition(
            name = "JDBC URL",
            description =
                    "Empty: embedded Derby in <cengjiyun.data>/db."
                            + " Otherwise jdbc:derby:<path> (embedded Derby elsewhere) or jdbc:postgresql://<host>:<port>/<database>.")
    String jdbcUrl() default "";

    @AttributeDefinition(name = "User", description = "Database user; empty for embedded Derby without authentication.")
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(
            name = "Maximum connections",
            description = "Connections the platform keeps open at most.",
            min = "1")
    int maxConnections() default ConnectionPool.DEFAULT_SIZE;

    @AttributeDefinition(
            name = "Connect timeout (seconds)",
            description = "How long a call waits for a new connection the database does not give before it answers"
                    + " 503 (PostgreSQL's connectTimeout too). While the database is known to be down, calls fail at"
                    + " once; this bounds only the first ones.",
            min = "1")
    int connectTimeoutSeconds() default 2;
}
