/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares who may call a JAX-RS resource method (or every method of a resource class without one of
 * its own). The security filter denies every resource method that declares nothing, so a new
 * resource is closed until it says what it needs:
 * <pre>
 * &#64;GET &#64;Path("{service}/appmaps") &#64;Allow(Right.VIEWER)
 * &#64;POST &#64;Path("{service}/appmaps") &#64;Allow(Right.SERVICE_ADMIN)
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Allow {
    /**
     * The request property the security filter sets once it has authorised a request. The REST bundle refuses
     * (503) every request without it to a method that is not {@link Right#ANYONE}, so that with the security
     * bundle stopped nothing is open.
     */
    String AUTHORIZED_PROPERTY = "io.cengjiyun.security.authorized";

    /** The right the caller needs. */
    Right value();

    /**
     * The path parameter naming the object the right is judged on: the service for the per-service
     * rights ({@code service} when empty), the user for {@link Right#SELF} ({@code user} when empty).
     */
    String param() default "";
}
