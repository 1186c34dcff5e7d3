/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.api.shell.Table;
import io.cengjiyun.registry.internal.ImagesView.ContainerImage;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands for images: a registry's repositories and tags, a server's digests and its newer images. */
@Component(
        service = ImageCommands.class,
        property = {
            "osgi.command.scope=" + Commands.SCOPE,
            "osgi.command.function=repositories",
            "osgi.command.function=tags",
            "osgi.command.function=images",
            "osgi.command.function=updateImages",
            Commands.READ_ONLY + "=repositories",
            Commands.READ_ONLY + "=tags",
            Commands.READ_ONLY + "=images"
        })
public class ImageCommands {
    private static final int PAGE = 100;

    private final HierarchyStore store;
    private final Registries registries;
    private final ServerImages images;

    @Activate
    public ImageCommands(
            @Reference HierarchyStore store, @Reference Registries registries, @Reference ServerImages images) {
        this.store = store;
        this.registries = registries;
        this.images = images;
    }

    @Descriptor("lists the repositories of a registry of a service (the first 100; then from the last one shown)")
    public String repositories(
            @Descriptor("service name") String service,
            @Descriptor("registry name") String registry,
            @Descriptor("the last repository of the page before, or - for the first page") String last) {
        RegistryApi.Page<String> page = api(service, registry).repositories(PAGE, "-".equals(last) ? null : last);
        StringBuilder out = new StringBuilder();
        page.items().forEach(r -> out.append(r).append('\n'));
        if (page.next() != null) {
            out.append("(more: cj:repositories ")
                    .append(service)
                    .append(' ')
                    .append(registry)
                    .append(' ')
                    .append(page.next())
                    .append(")\n");
        }
        return out.length() == 0 ? "(no repository)\n" : out.toString();
    }

    @Descriptor("lists the tags of a repository with digest, size and creation time (the first 100)")
    public String tags(
            @Descriptor("service name") String service,
            @Descriptor("registry name") String registry,
            @Descriptor("repository, e.g. shop/web") String repository) {
        if (!RegistryRules.REPOSITORY.matcher(repository).matches()) {
            throw new io.cengjiyun.api.ValidationException(
                    "repository", "'" + repository + "' is not a repository name, e.g. 'shop/web'");
        }
        RegistryApi.Page<RegistryApi.Tag> page = api(service, registry)
                .tags(repository, PAGE, null)
                .orElseThrow(
                        () -> new NotFoundException("repository '" + repository + "' in registry '" + registry + "'"));
        Table table = new Table("TAG", "DIGEST", "SIZE", "CREATED");
        for (RegistryApi.Tag t : page.items()) {
            table.row(
                    t.tag(),
                    t.digest() == null ? "" : ServerImages.shortDigest(t.digest()),
                    t.size() == null ? String.join(",", t.platforms()) : t.size(),
                    t.created() == null ? "" : t.created());
        }
        return table + (page.next() == null ? "" : "(more than " + PAGE + " tags: the REST API pages them)\n");
    }

    @Descriptor("shows the digests a server's containers run and the ones their tags name in the registry now")
    public String images(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return table(images.images(service, appmap, server));
    }

    @Descriptor("rolls out a server's newer images as a new revision pinned to their digests")
    public String updateImages(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        ImagesView view = images.update(service, appmap, server, HierarchyStore.ANY_VERSION, RegistryCommands.AUTHOR);
        return "server " + server + " rolls out revision " + view.revision() + "\n" + table(view);
    }

    private static String table(ImagesView view) {
        Table table = new Table("CONTAINER", "IMAGE", "RUNS", "REGISTRY HAS", "NEWER");
        for (ContainerImage c : view.containers()) {
            table.row(
                    c.container() + (c.init() ? " (init)" : ""),
                    c.reference(),
                    c.running() == null
                            ? ""
                            : String.join(
                                    " ",
                                    c.running().stream()
                                            .map(ServerImages::shortDigest)
                                            .toList()),
                    c.latest() != null ? ServerImages.shortDigest(c.latest()) : c.message() == null ? "" : c.message(),
                    c.newer() ? "yes" : "no");
        }
        return table.toString();
    }

    private RegistryApi api(String service, String registry) {
        RegistryRules.requireService(store, service);
        return new RegistryApi(registries.getUsable(service, registry), ServerImages.REGISTRY_TIMEOUT);
    }
}
