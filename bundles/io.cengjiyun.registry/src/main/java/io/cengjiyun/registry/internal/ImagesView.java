/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.util.List;

/** The images of a server: what each container is to run, which digest its pods really run, and what is newer. */
@Doc("The images of a server: per container, the digest its pods run and the one its tag names in the registry now")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImagesView(
        @Doc(value = "The service", example = "shop") String service,
        @Doc(value = "The appmap", example = "dev") String appmap,
        @Doc(value = "The server", example = "web") String server,

        @Doc(value = "The server's stored revision these images are of (its ETag)", example = "3")
        long revision,

        @Doc(
                value = "Whether a container's tag names another digest in its registry than the one its pods run:"
                        + " POST .../images/update rolls them out",
                example = "false")
        boolean newer,

        @Doc("Each container, init containers first") List<ContainerImage> containers) {

    /** One container's image. */
    @Doc("A container's image: as written, as run, the digests its pods run and the registry's current one")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContainerImage(
            @Doc(value = "The container", example = "web") String container,

            @Doc(value = "Whether it is an init container", example = "false")
            boolean init,

            @Doc(value = "The image as the definition writes it", example = "shop/web:1.4")
            String image,

            @Doc(
                    value = "The image its pods pull (the server's registry's address put in front)",
                    example = "registry.example.com:5443/shop/web:1.4")
            String reference,

            @Doc(value = "The registry of the service it comes from; absent for another one", example = "team-registry")
            String registry,

            @Doc(value = "The repository in that registry", example = "shop/web")
            String repository,

            @Doc(value = "Its tag; absent for an image named by digest only", example = "1.4")
            String tag,

            @Doc(
                    value = "The digest the definition pins it to (`...:1.4@sha256:...`), if any",
                    example = "sha256:4f1c...")
            String pinned,

            @Doc("The digests its pods run now (from their container status), each once")
            List<String> running,

            @Doc(
                    value =
                            "The digest its tag names in the registry now; absent when not asked (not from a registry of"
                                    + " the service) or not known (`message` says why)",
                    example = "sha256:9a2e...")
            String latest,

            @Doc(
                    value = "Whether `latest` differs from what is pinned or, unpinned, from what a pod runs",
                    example = "false")
            boolean newer,

            @Doc("Why `latest` is not known, or why this image is not compared")
            String message) {}
}
