/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest;

/** Media types the API speaks besides JSON. */
public final class MediaTypes {
    public static final String APPLICATION_YAML = "application/yaml";
    public static final String TEXT_YAML = "text/yaml";

    private MediaTypes() {}
}
