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

/** The container of repeated {@link Answer}s. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Answers {
    Answer[] value();
}
