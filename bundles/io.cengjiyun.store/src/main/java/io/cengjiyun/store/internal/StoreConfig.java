package io.cengjiyun.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code io.cengjiyun.store}. With no configuration at all the store is embedded Derby under the data folder. */
@ObjectClassDefinition(name = "Cengjiyun store", description = "Where services, appmaps, servers and their revisions are kept.")
public @interface StoreConfig {

    @AttributeDefinition(name = "JDBC URL", description = "Empty: embedded Derby in <cengjiyun.data>/db."
            + " Otherwise jdbc:derby:<path> (embedded Derby elsewhere) or jdbc:postgresql://<host>:<port>/<database>.")
    String jdbcUrl() default "";

    @AttributeDefinition(name = "User", description = "Database user; empty for embedded Derby without authentication.")
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "Maximum connections", description = "Connections the store keeps open at most.", min = "1")
    int maxConnections() default ConnectionPool.DEFAULT_SIZE;
}
