/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Schemas a bundle adds to {@code /openapi.json} while it runs (a whiteboard service): each goes under
 * {@code components.schemas} by its name. The lifecycle bundle gives {@code ServerDefinition} with the sections of
 * the running contributors under its {@code properties}, so that a hot-deployed section appears there and a removed
 * one goes.
 */
@ConsumerType
public interface OpenApiSchemas {

    /** The schemas by name, in OpenAPI's JSON form (maps, lists, strings, numbers, booleans); asked at every request. */
    Map<String, Object> schemas();
}
