/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;

/**
 * Why a server is not running, in words a developer can act on.
 *
 * @param kind what kind of cause: {@code QuotaExceeded}, {@code Unschedulable}, {@code ClaimNotBound},
 *     {@code ImagePull}, {@code OOMKilled}, {@code CrashLoop}, {@code ProbeFailing}, {@code RolloutStalled}
 * @param object the object it was seen on, as {@code Kind/name}
 * @param message what is wrong and what to do
 * @param since when the cluster first said so (ISO-8601), if known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("Why a server is not running, in words a developer can act on")
public record Cause(
        @Doc(
                value = "What kind of cause: QuotaExceeded, CannotCreatePod, Unschedulable, ClaimNotBound,"
                        + " ImagePull, OOMKilled, CrashLoop, ContainerConfig, ProbeFailing or RolloutStalled",
                example = "ImagePull")
        String kind,

        @Doc(value = "The object it was seen on, as `Kind/name`", example = "Pod/web-7d9c-x2x")
        String object,

        @Doc("What is wrong and what to do") String message,

        @Doc(value = "When the cluster first said so (ISO-8601), if known", format = "date-time")
        String since) {}
