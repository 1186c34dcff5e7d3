/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.console.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The console's script, style and fonts at {@code /console-assets/*}: what {@code web/} builds with npm into this
 * bundle's {@code /web/console/console-assets}, each named by its content's hash (no CDN, nothing is fetched from
 * elsewhere). The whiteboard's resource servlet serves them; {@link ConsoleHeaders} sets their headers and {@link
 * ConsoleIndex} answers the page that names them.
 *
 * <p>The files are public, like any sign-in page: they hold no data, and every call they make carries the user's own
 * session cookie and CSRF token.
 */
@Component(service = ConsoleAssets.class)
@HttpWhiteboardResource(pattern = ConsoleAssets.PATTERN, prefix = ConsoleIndex.FOLDER + ConsoleRoutes.ASSETS)
public class ConsoleAssets {
    static final String PATTERN = ConsoleRoutes.ASSETS + "/*";
}
