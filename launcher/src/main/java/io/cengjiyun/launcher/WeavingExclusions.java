/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.util.Collection;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.hooks.bundle.EventHook;
import org.osgi.framework.hooks.bundle.FindHook;

/**
 * Hides some bundles from SPI Fly, so it does not weave them. SPI Fly's dynamic weaver reads and rewrites (with ASM,
 * computing frames) every class a consumer bundle loads, whether or not it calls ServiceLoader. Felix HTTP's Jetty
 * bundle declares itself an optional consumer and loads some two thousand classes at start: weaving them cost
 * 0.7 to 1.6 s of start-up and 30 MB of RSS, and Jetty needs none of it over HTTP/1.1 (its only use is finding
 * WebSocket extensions such as permessage-deflate, which it then does without).
 *
 * <p>Standard OSGi bundle hooks: SPI Fly's bundle context does not find these bundles nor hear their events, so its
 * bundle tracker never sees them. Nothing else changes, and the jars stay as published.
 */
final class WeavingExclusions implements FindHook, EventHook {

    /** Framework property: comma-separated symbolic names of bundles that SPI Fly must not weave. */
    static final String PROPERTY = "cengjiyun.weaving.exclude";

    static final String DEFAULT = "org.apache.felix.http.jetty12";
    static final String SPI_FLY = "org.apache.aries.spifly.dynamic.bundle";

    private final Set<String> excluded;

    WeavingExclusions(Set<String> excluded) {
        this.excluded = Set.copyOf(excluded);
    }

    static void register(BundleContext systemContext) {
        String value = systemContext.getProperty(PROPERTY);
        Set<String> names = Set.of((value == null ? DEFAULT : value).split("\\s*,\\s*"));
        if (names.stream().allMatch(String::isBlank)) {
            return;
        }
        WeavingExclusions hook = new WeavingExclusions(names);
        systemContext.registerService(new String[] {FindHook.class.getName(), EventHook.class.getName()}, hook, null);
    }

    @Override
    public void find(BundleContext context, Collection<Bundle> bundles) {
        if (isSpiFly(context)) {
            bundles.removeIf(this::isExcluded);
        }
    }

    @Override
    public void event(BundleEvent event, Collection<BundleContext> contexts) {
        if (isExcluded(event.getBundle())) {
            contexts.removeIf(WeavingExclusions::isSpiFly);
        }
    }

    private boolean isExcluded(Bundle bundle) {
        return excluded.contains(bundle.getSymbolicName());
    }

    private static boolean isSpiFly(BundleContext context) {
        try {
            return SPI_FLY.equals(context.getBundle().getSymbolicName());
        } catch (IllegalStateException e) {
            return false; // a context of a stopped bundle
        }
    }
}
