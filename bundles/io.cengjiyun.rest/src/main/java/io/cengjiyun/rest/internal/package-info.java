/** The JAX-RS whiteboard extensions and resources of the REST bundle; not exported. */
package io.cengjiyun.rest.internal;
