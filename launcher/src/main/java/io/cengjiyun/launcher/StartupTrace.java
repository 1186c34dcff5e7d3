/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;

/**
 * Times since the launch began, to see where start-up time goes: with {@code -Dcengjiyun.launcher.trace=true}
 * (e.g. in JAVA_OPTS) the launcher prints its steps and when each bundle started and each service registered.
 */
final class StartupTrace {

    /**
     * When the launch began, in epoch milliseconds: bin/cengjiyun passes its own start time as
     * {@code -Dcengjiyun.launch.start}, so the figure includes the JVM's start; otherwise when this class loaded.
     */
    private static final long LAUNCH_START = Long.getLong("cengjiyun.launch.start", System.currentTimeMillis());

    private static final boolean ENABLED = Boolean.getBoolean("cengjiyun.launcher.trace");

    private StartupTrace() {}

    static long sinceLaunch() {
        return System.currentTimeMillis() - LAUNCH_START;
    }

    static void step(String what) {
        if (ENABLED) {
            System.out.printf("[trace] %5d ms  %s%n", sinceLaunch(), what);
        }
    }

    static void follow(BundleContext context) {
        if (!ENABLED) {
            return;
        }
        context.addBundleListener(event -> {
            if (event.getType() == BundleEvent.STARTED) {
                step("started " + event.getBundle().getSymbolicName());
            }
        });
        context.addServiceListener(event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                step("service "
                        + String.join(
                                ",", (String[]) event.getServiceReference().getProperty(Constants.OBJECTCLASS)));
            }
        });
    }
}
