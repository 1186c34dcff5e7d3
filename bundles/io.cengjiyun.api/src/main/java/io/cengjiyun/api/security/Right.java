/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.security;

/**
 * What a resource method needs of its caller (see {@link Allow}). The service rights are ordered:
 * a developer may do what a viewer may, a service admin what a developer may; a platform administrator
 * may do everything.
 */
public enum Right {
    /** Anyone, without credentials: health, the OpenAPI document, login. */
    ANYONE,
    /** Any signed-in user; the resource itself limits what it shows (e.g. only the services one is a member of). */
    USER,
    /** The user named by the path parameter, or a platform administrator. */
    SELF,
    /** Any member of the service named by the path parameter: read only. */
    VIEWER,
    /** A developer or service admin of the service: servers, their actions and logs. */
    DEVELOPER,
    /** A member of the service with the terminal right. */
    TERMINAL,
    /** A service admin of the service: the service itself, its members and appmaps. */
    SERVICE_ADMIN,
    /** A platform administrator only: users, clusters, services, the audit log. */
    PLATFORM_ADMIN;

    /** True for the rights that are judged on the service named by the path. */
    public boolean perService() {
        return this == VIEWER || this == DEVELOPER || this == TERMINAL || this == SERVICE_ADMIN;
    }
}
