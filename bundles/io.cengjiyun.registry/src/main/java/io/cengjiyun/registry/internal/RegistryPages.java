/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;

/** What browsing a registry answers: pages of repositories and of tags. */
final class RegistryPages {
    private RegistryPages() {}

    /** A page of a registry's repositories. */
    @Doc("A page of a registry's repositories, in the registry's order")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RepositoryPage(
            @Doc(value = "The registry", example = "team-registry")
            String registry,

            @Doc("The repositories of this page") List<String> repositories,

            @Doc(value = "The `last` to ask for the next page with; absent on the last page", example = "shop/web")
            String next) {}

    /** A page of a repository's tags. */
    @Doc("A page of a repository's tags in name order, each with its digest, size and creation time")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagPage(
            @Doc(value = "The registry", example = "team-registry")
            String registry,

            @Doc(value = "The repository", example = "shop/web")
            String repository,

            @Doc("The tags of this page") List<TagView> tags,

            @Doc(value = "The `last` to ask for the next page with; absent on the last page", example = "1.4")
            String next) {}

    /** A tag. */
    @Doc("A tag of a repository")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagView(
            @Doc(value = "The tag", example = "1.4") String tag,

            @Doc(value = "The digest of the manifest it names now", example = "sha256:9a2e...")
            String digest,

            @Doc(
                    value = "The manifest's media type (an image's, or a multi-platform index's)",
                    example = "application/vnd.oci.image.manifest.v1+json")
            String mediaType,

            @Doc(
                    value = "The image's size in bytes as stored (configuration and compressed layers); absent for an"
                            + " index",
                    example = "2154321")
            Long size,

            @Doc("When the image was made (its configuration's `created`; the registry API keeps no push time)")
            Instant created,

            @Doc("An index's platforms, `os/architecture`") List<String> platforms) {

        static TagView of(RegistryApi.Tag t) {
            return new TagView(t.tag(), t.digest(), t.mediaType(), t.size(), t.created(), t.platforms());
        }
    }
}
