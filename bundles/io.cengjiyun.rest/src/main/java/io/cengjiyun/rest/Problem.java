/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.FieldError;
import java.util.List;

/**
 * An RFC 9457 problem document: every error of the API is answered with one, as
 * {@code application/problem+json}. {@code errors} lists the offending fields of a validation failure.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://cengjiyun.io/problems/";

    /** A problem of the given status; {@code kind} becomes the last segment of the type URI. */
    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(TYPE_BASE + kind, title, status, detail, null, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }
}
