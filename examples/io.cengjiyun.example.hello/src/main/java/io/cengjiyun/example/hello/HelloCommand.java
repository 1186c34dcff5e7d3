/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.example.hello;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/** A console command contributed by a hot-deployed bundle: cj:hello [name]. */
@Component(
        service = HelloCommand.class,
        property = {"osgi.command.scope=cj", "osgi.command.function=hello", "cengjiyun.command.readonly=hello"})
public class HelloCommand {

    @Descriptor("greets from the example extension")
    public String hello(@Descriptor("who to greet") String name) {
        return Greeting.of(name);
    }

    @Descriptor("greets from the example extension")
    public String hello() {
        return Greeting.of(null);
    }
}
