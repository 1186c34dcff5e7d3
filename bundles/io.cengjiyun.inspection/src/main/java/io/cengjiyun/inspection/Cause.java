/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;

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
public record Cause(String kind, String object, String message, String since) {}
