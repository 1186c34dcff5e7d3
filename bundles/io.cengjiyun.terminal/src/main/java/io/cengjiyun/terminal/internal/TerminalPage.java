/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The web terminal's files at {@code /terminal/*}: what {@code web/} builds with npm into this bundle's
 * {@code /web/terminal} (the page, its script and style; no CDN, nothing is fetched from elsewhere). The whiteboard's
 * resource servlet serves them; it has no welcome file, so the filter {@link TerminalIndex} answers {@code /terminal/}
 * itself.
 *
 * <p>The page is public, like any sign-in page: it holds no data, and asks the REST API (with the session cookie) for
 * a ticket before it opens the terminal's WebSocket.
 */
@Component(service = TerminalPage.class)
@HttpWhiteboardResource(pattern = TerminalPage.PATTERN, prefix = TerminalPage.FOLDER)
public class TerminalPage {
    static final String PATTERN = "/terminal/*";
    /** Where the build puts the page in the bundle (vite's outDir, under target/classes). */
    static final String FOLDER = "/web/terminal";
}
