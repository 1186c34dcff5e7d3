/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.example.hello;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A REST resource contributed by a hot-deployed bundle, served at /api/v1/hello to any signed-in user.
 * {@code /hello/undeclared} says nothing about who may call it, so the security filter denies it to everybody.
 */
@Component(service = HelloResource.class)
@JakartarsResource
@Path("hello")
public class HelloResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.USER)
    public Map<String, String> hello(@QueryParam("name") String name) {
        return Map.of("message", Greeting.of(name));
    }

    @GET
    @Path("undeclared")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> undeclared() {
        return Map.of("message", "nobody should ever read this");
    }
}
