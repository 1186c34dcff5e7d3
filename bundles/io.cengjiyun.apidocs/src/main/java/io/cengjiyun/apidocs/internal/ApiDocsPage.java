/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.apidocs.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The API's reference at {@code /api/docs/*}: what {@code web/} builds into this bundle's {@code /web/apidocs}
 * (Swagger UI's script and style from swagger-ui-dist, the page and its settings). The page reads the runtime's own
 * {@code /api/v1/openapi.json}, so it shows the API as deployed now: a bundle added or removed changes it. The
 * whiteboard's resource servlet serves the files; {@link ApiDocsIndex} answers the folder itself and sets the headers.
 *
 * <p>The page is public, like the document it shows: it holds no data, and a call made from it carries the caller's own
 * credentials.
 */
@Component(service = ApiDocsPage.class)
@HttpWhiteboardResource(pattern = ApiDocsPage.PATTERN, prefix = ApiDocsPage.FOLDER)
public class ApiDocsPage {
    static final String PATTERN = "/api/docs/*";
    /** Where the build puts the page in the bundle (under target/classes). */
    static final String FOLDER = "/web/apidocs";
}
