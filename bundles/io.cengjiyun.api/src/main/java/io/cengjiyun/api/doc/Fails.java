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
 * The error statuses an operation answers with problem details (RFC 9457), besides those every operation may answer
 * (400 for a body that is not JSON, 401 without credentials, 403 without the right, 429, 500, 503 while a part of the
 * platform it needs is not running), which the document adds from the method's {@code @Allow} and body.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Fails {
    /** E.g. {@code {404, 409, 412, 422}}. */
    int[] value();
}
