/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import java.util.Map;
import java.util.WeakHashMap;
import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Puts {@link ProblemErrorHandler} in place of the error handler of Felix HTTP's Jetty server.
 *
 * <p>Felix HTTP (jetty12 1.1.8) offers no setting for the server's error handler (its
 * {@code org.apache.felix.http.jetty.errorPageCustomHeaders} only adds headers to Jetty's HTML page), and a servlet
 * whiteboard error page covers only what reaches a servlet context: a bad URI or headers too large are refused by the
 * connection before. The one hook that is handed the {@link Server} is its {@link ConnectorFactory} whiteboard, called
 * with each server Felix starts (again after a configuration change). So this is one: it sets the error handler and
 * answers with a {@link LocalConnector}, which listens nowhere (Felix needs a connector back). Going away, it gives each
 * server its handler back, so no server keeps a class of a stopped bundle.
 */
@Component(service = ConnectorFactory.class)
public class JettyProblemPages implements ConnectorFactory {

    private final Map<Server, Request.Handler> replaced = new WeakHashMap<>();

    @Override
    public synchronized Connector createConnector(Server server) {
        Request.Handler current = server.getErrorHandler();
        if (!(current instanceof ProblemErrorHandler)) {
            replaced.put(server, current);
            server.setErrorHandler(new ProblemErrorHandler());
        }
        return new LocalConnector(server);
    }

    @Deactivate
    synchronized void deactivate() {
        replaced.forEach((server, previous) -> {
            if (server.getErrorHandler() instanceof ProblemErrorHandler) {
                server.setErrorHandler(previous);
            }
        });
        replaced.clear();
    }
}
