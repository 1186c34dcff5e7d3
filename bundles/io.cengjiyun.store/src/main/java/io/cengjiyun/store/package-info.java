/** The platform's database, for bundles that keep tables next to the hierarchy. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cengjiyun.store;
