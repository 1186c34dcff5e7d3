/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.doc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a JAX-RS resource method does, for the API's document:
 * <pre>
 * &#64;POST &#64;Allow(Right.DEVELOPER)
 * &#64;Operation(summary = "Create a server", description = "Stores revision 1 and rolls it out ...")
 * &#64;Answer(status = 201, type = Server.class, description = "Created", headers = {"ETag", "Location"})
 * &#64;Fails({404, 409, 422, 503})
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Operation {
    /** One line, as a user would name the action: "Create a server". */
    String summary();

    /** What it does, what it needs and what it leaves (Markdown, as OpenAPI reads it). */
    String description() default "";

    /** The operation's id in the document (a generated client's method name); from the method's name when empty. */
    String id() default "";
}
