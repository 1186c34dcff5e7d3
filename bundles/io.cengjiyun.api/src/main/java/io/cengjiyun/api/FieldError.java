/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/** A problem with one field of an input: the field's path (e.g. {@code containers[0].image}) and what to do. */
public record FieldError(String field, String message) {}
