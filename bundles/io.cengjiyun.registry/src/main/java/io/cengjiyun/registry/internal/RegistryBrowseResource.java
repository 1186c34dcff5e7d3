/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.registry.internal.RegistryPages.RepositoryPage;
import io.cengjiyun.registry.internal.RegistryPages.TagPage;
import io.cengjiyun.registry.internal.RegistryPages.TagView;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Browsing a registry of a service through its HTTP API v2: {@code GET .../registries/{name}/repositories} and
 * {@code GET .../registries/{name}/repositories/{repository}/tags}, paged ({@code n}, {@code last}).
 */
@Component(service = RegistryBrowseResource.class)
@JakartarsResource
@Produces(MediaType.APPLICATION_JSON)
@Path("services/{service}/registries/{name}/repositories")
public class RegistryBrowseResource {
    static final int MAX_PAGE = 100;

    private final HierarchyStore store;
    private final Registries registries;

    @Activate
    public RegistryBrowseResource(@Reference HierarchyStore store, @Reference Registries registries) {
        this.store = store;
        this.registries = registries;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listRegistryRepositories",
            summary = "List the repositories of a registry",
            description = "The registry's catalog (`GET /v2/_catalog` with the registry's user), `n` a page from"
                    + " the one after `last`; `next` is the `last` of the next page. 503 with what to do when the"
                    + " registry does not answer or refuses its user.")
    @Answer(status = 200, type = RepositoryPage.class, description = "A page of repositories")
    @Fails({404, 422, 503})
    public RepositoryPage repositories(
            @PathParam("service") String service,
            @PathParam("name") String name,
            @QueryParam("n") @DefaultValue("50") @Doc(value = "How many, 1 to 100", example = "50") int n,
            @QueryParam("last") @Doc(value = "The last repository of the page before", example = "shop/web")
                    String last) {
        Registry registry = registry(service, name);
        List<FieldError> errors = new ArrayList<>();
        page(errors, n);
        if (last != null && !RegistryRules.REPOSITORY.matcher(last).matches()) {
            errors.add(new FieldError("last", "'" + last + "' is not a repository name: give the `next` of a page"));
        }
        ValidationException.throwIfAny(errors);
        RegistryApi.Page<String> page = new RegistryApi(registry, ServerImages.REGISTRY_TIMEOUT).repositories(n, last);
        return new RepositoryPage(name, page.items(), page.next());
    }

    @GET
    @Path("{repository: [a-z0-9][a-z0-9._/-]*}/tags")
    @Allow(Right.VIEWER)
    @Operation(
            id = "listRegistryTags",
            summary = "List the tags of a repository",
            description = "The repository's tags in name order, `n` a page from the one after `last`, each with the"
                    + " digest it names now, the image's size and when it was made (two requests to the registry"
                    + " per tag, sent together). 404 when the registry has no such repository; 503 with what to do"
                    + " when it does not answer or refuses its user.")
    @Answer(status = 200, type = TagPage.class, description = "A page of tags")
    @Fails({404, 422, 503})
    public TagPage tags(
            @PathParam("service") String service,
            @PathParam("name") String name,
            @PathParam("repository") @Doc(value = "The repository, slashes included", example = "shop/web")
                    String repository,
            @QueryParam("n") @DefaultValue("20") @Doc(value = "How many, 1 to 100", example = "20") int n,
            @QueryParam("last") @Doc(value = "The last tag of the page before", example = "1.3") String last) {
        Registry registry = registry(service, name);
        List<FieldError> errors = new ArrayList<>();
        if (!RegistryRules.REPOSITORY.matcher(repository).matches()) {
            errors.add(new FieldError(
                    "repository",
                    "'" + repository + "' is not a repository name: lower-case parts separated by '/', e.g."
                            + " 'shop/web'"));
        }
        page(errors, n);
        if (last != null && !RegistryRules.TAG.matcher(last).matches()) {
            errors.add(new FieldError("last", "'" + last + "' is not a tag: give the `next` of a page"));
        }
        ValidationException.throwIfAny(errors);
        RegistryApi.Page<RegistryApi.Tag> page = new RegistryApi(registry, ServerImages.REGISTRY_TIMEOUT)
                .tags(repository, n, last)
                .orElseThrow(() -> new NotFoundException("repository '" + repository + "' in registry '" + name + "'"));
        return new TagPage(
                name, repository, page.items().stream().map(TagView::of).toList(), page.next());
    }

    private static void page(List<FieldError> errors, int n) {
        if (n < 1 || n > MAX_PAGE) {
            errors.add(new FieldError("n", "is " + n + ": give a page size from 1 to " + MAX_PAGE));
        }
    }

    private Registry registry(String service, String name) {
        RegistryRules.requireService(store, service);
        return registries.getUsable(service, name);
    }
}
