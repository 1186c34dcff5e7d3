/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.doc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A successful answer of an operation: its status, its body's type and the headers it sets. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Answers.class)
public @interface Answer {
    int status() default 200;

    String description();

    /** The body's type (a record, an enum, {@code String}...); {@code Void} for no body. */
    Class<?> type() default Void.class;

    /** The body is a JSON array of {@link #type}. */
    boolean list() default false;

    /** Response headers it sets: {@code ETag}, {@code Location}, {@code Retry-After}... */
    String[] headers() default {};

    /** Media types of the body when not the method's {@code @Produces} (e.g. {@code text/event-stream}). */
    String[] mediaTypes() default {};
}
