/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.console.internal;

import jakarta.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;

/**
 * The console's page at {@code /} itself. Its own component because the root's pattern is the empty string (servlet
 * spec 12.2: exactly the context root), and Declarative Services drops an empty value from a list of patterns. Not
 * {@code "/"}: that would make the console the default servlet, answering every path nobody serves.
 */
// a plain property: bnd writes value="" for it, where the pattern annotation would write an empty list
@Component(service = Servlet.class, property = HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=")
@HttpWhiteboardServletName("cengjiyun-console-root")
public class ConsoleRoot extends ConsoleIndex {
    private static final long serialVersionUID = 1L;
}
