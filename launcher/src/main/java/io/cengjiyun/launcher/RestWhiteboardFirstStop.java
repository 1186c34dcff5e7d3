/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;

/**
 * When the framework begins to stop, stops the Jakarta REST whiteboard before the bundles that contribute to it.
 * Otherwise the framework stops the contributors first (highest start level first) and the whiteboard rebuilds the
 * Jersey application for every resource that goes away, logging NullPointerExceptions from its half-gone
 * extensions, and the stop takes longer. The stop is transient: the whiteboard starts again with the framework.
 */
final class RestWhiteboardFirstStop implements SynchronousBundleListener {

    private static final List<String> WHITEBOARD =
            List.of("org.eclipse.osgitech.rest.servlet.whiteboard", "org.eclipse.osgitech.rest");

    private final BundleContext systemContext;

    private RestWhiteboardFirstStop(BundleContext systemContext) {
        this.systemContext = systemContext;
    }

    static void register(BundleContext systemContext) {
        systemContext.addBundleListener(new RestWhiteboardFirstStop(systemContext));
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.STOPPING || event.getBundle().getBundleId() != 0) {
            return;
        }
        for (String name : WHITEBOARD) {
            for (Bundle bundle : systemContext.getBundles()) {
                if (name.equals(bundle.getSymbolicName()) && bundle.getState() == Bundle.ACTIVE) {
                    try {
                        bundle.stop(Bundle.STOP_TRANSIENT);
                    } catch (BundleException | RuntimeException e) {
                        System.err.println("Cannot stop " + name + " ahead of the framework: " + e.getMessage());
                    }
                }
            }
        }
    }
}
