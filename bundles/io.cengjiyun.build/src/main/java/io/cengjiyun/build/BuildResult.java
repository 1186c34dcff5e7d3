/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build;

/**
 * How a build ended.
 *
 * @param succeeded whether the image was built and pushed
 * @param digest the pushed image's digest ({@code sha256:...}); null unless it succeeded
 * @param failedStep the Dockerfile step that failed, as the engine printed it ({@code STEP 3/4: RUN make}); null if
 *     none failed or it is not known
 * @param message what happened, in words the user can act on
 */
public record BuildResult(boolean succeeded, String digest, String failedStep, String message) {}
