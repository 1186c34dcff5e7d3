/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.registry.RegistryAccess;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The registries as other bundles of the platform use them (the build bundle: to push, and after a push). */
@Component(service = RegistryAccess.class)
public class RegistryAccessService implements RegistryAccess {
    private final Registries registries;
    private final ServerImages images;

    @Activate
    public RegistryAccessService(@Reference Registries registries, @Reference ServerImages images) {
        this.registries = registries;
        this.images = images;
    }

    @Override
    public Optional<Credentials> find(String service, String name) {
        return registries.usable(service, name).map(Registry::credentials);
    }

    @Override
    public List<String> pushed(
            String service, String registry, String repository, String tag, String digest, String author) {
        return images.follow(service, registry, repository, tag, digest, author);
    }
}
