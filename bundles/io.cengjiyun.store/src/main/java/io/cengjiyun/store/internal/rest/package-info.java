/** The hierarchy's REST resources: services, appmaps, servers and their revisions. Not exported. */
package io.cengjiyun.store.internal.rest;
