/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import io.cengjiyun.api.doc.Doc;

/** A problem with one field of an input: the field's path (e.g. {@code containers[0].image}) and what to do. */
@Doc("A problem with one field of an input")
public record FieldError(
        @Doc(value = "The field, as the body writes it", example = "containers[0].image", required = true)
        String field,

        @Doc(value = "What is wrong and how to fix it", required = true)
        String message) {}
