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
 * A field's (record component's), parameter's or type's description, example and constraints in the API's document.
 * The constraints name the constants the validators check ({@link io.cengjiyun.api.validation.Checks}), never a copy.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE})
public @interface Doc {
    /** What it is (Markdown). */
    String value() default "";

    /** An example value, as JSON would write it ("web", 3, true); empty: none. */
    String example() default "";

    /** Whether a body without it is refused (422); on a query or header parameter, whether it must be given. */
    boolean required() default false;

    /** On a request body: it may be left out (the operation takes defaults). Bodies are required otherwise. */
    boolean optional() default false;

    /** A regular expression the whole value matches (ECMA-262 compatible). */
    String pattern() default "";

    int minLength() default -1;

    int maxLength() default -1;

    long minimum() default Long.MIN_VALUE;

    long maximum() default Long.MAX_VALUE;

    /** OpenAPI format: date-time, int64, uri, byte... */
    String format() default "";

    /**
     * An enum whose constants' names are the allowed values of a string field that is not that enum in Java, the enum
     * the validator checks against ({@link io.cengjiyun.api.validation.Rules}); {@code Void}: any.
     */
    Class<?> oneOf() default Void.class;

    /**
     * The JSON type the document states when the Java type is wider: {@code "boolean"} or {@code "integer"} for a
     * query parameter read as a string so that its own validation answers 422 naming it (and {@code ?stop} without a
     * value reads as true); empty: the Java type's.
     */
    String type() default "";

    /** The default the API takes when it is left out, as JSON would write it. */
    String defaultValue() default "";
}
