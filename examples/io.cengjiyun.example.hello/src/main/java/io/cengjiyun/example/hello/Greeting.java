/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.example.hello;

/** The one greeting both the resource and the command give. */
final class Greeting {
    private Greeting() {}

    static String of(String name) {
        return "Hello, " + (name == null || name.isBlank() ? "world" : name) + ", from the example extension";
    }
}
