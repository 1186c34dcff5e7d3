/**
 * The hierarchy store on JDBC: embedded Derby by default, PostgreSQL by configuration. Its own small
 * connection pool and schema migrations. Not exported: other bundles use {@link io.cengjiyun.api.HierarchyStore}.
 */
package io.cengjiyun.store.internal;
