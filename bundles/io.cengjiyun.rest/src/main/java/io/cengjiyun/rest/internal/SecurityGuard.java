/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.lang.reflect.Method;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Closed unless secured: the authentication filter lives in io.cengjiyun.security, an independently
 * deployable bundle. While it is stopped (or not installed), this filter answers 503 to every request
 * except the {@link Right#ANYONE} ones, instead of letting them through unchecked.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("cengjiyun.security-guard")
@Priority(Priorities.AUTHORIZATION + 500)
public class SecurityGuard implements ContainerRequestFilter {
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(Allow.AUTHORIZED_PROPERTY) != null || isPublic(resource)) {
            return;
        }
        throw new UnavailableException(
                "No request can be authorised: the security bundle io.cengjiyun.security is"
                        + " not running. Start it (shell: felix:lb io.cengjiyun.security, then felix:start <id>) and retry.",
                null);
    }

    static boolean isPublic(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return false;
        }
        Allow allow = method.getAnnotation(Allow.class);
        if (allow == null) {
            allow = resource.getResourceClass().getAnnotation(Allow.class);
        }
        return allow != null && allow.value() == Right.ANYONE;
    }
}
