/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.AppMapPlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A placement that records what it was asked ("check dev", "place dev", "remove dev") and fails when told to. */
final class FakeAppMapPlacement implements AppMapPlacement {
    final List<String> calls = new ArrayList<>();
    /** What the store had stored when each placement was asked; filled by the test's observer. */
    Consumer<AppMap> onPlace = appMap -> {};

    RuntimeException failCheck;
    RuntimeException failPlace;
    RuntimeException failRemove;
    /** The name of the one appmap whose removal fails, or null: all fail (when failRemove is set). */
    String failRemoveOf;

    @Override
    public void check(AppMap appMap) {
        calls.add("check " + appMap.name());
        if (failCheck != null) {
            throw failCheck;
        }
    }

    @Override
    public void place(AppMap appMap) {
        calls.add("place " + appMap.name());
        onPlace.accept(appMap);
        if (failPlace != null) {
            throw failPlace;
        }
    }

    @Override
    public void remove(AppMap appMap) {
        calls.add("remove " + appMap.name());
        if (failRemove != null && (failRemoveOf == null || failRemoveOf.equals(appMap.name()))) {
            throw failRemove;
        }
    }
}
