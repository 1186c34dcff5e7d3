/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.validation.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What a build request must be before anything is stored or run. */
final class BuildRules {
    /** A repository: path components of lower-case letters and digits with '.', '_', '-' between (distribution's). */
    private static final Pattern REPOSITORY =
            Pattern.compile("^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$");

    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    private static final Pattern DOCKERFILE = Pattern.compile("^[A-Za-z0-9_.][A-Za-z0-9_./-]{0,254}$");
    private static final Pattern ARG = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}=.*$", Pattern.DOTALL);

    private BuildRules() {}

    /** The largest context allowed, in KiB: the configuration's, within 1 and 768 (it travels in a Secret of 1 MiB). */
    static int maxContextKiB(BuildConfig config) {
        return Math.max(1, Math.min(768, config.maxContextKiB()));
    }

    static List<FieldError> check(
            String appmap,
            String registry,
            String repository,
            String tag,
            String dockerfile,
            List<String> args,
            byte[] context,
            int maxContextKiB,
            String git,
            String ref) {
        Checks c = new Checks(new ArrayList<>());
        if (git != null) {
            c.errors().addAll(GitContext.check(git, ref));
            if (context != null && context.length > 0) {
                c.error("body", "is not empty: give the context either as a tar.gz body or as `git`, not both");
            }
        } else if (ref != null) {
            c.error("ref", "is only for a context fetched from git: give `git` too, or leave `ref` out");
        }
        c.dnsLabel("appmap", appmap, 63);
        c.dnsLabel("registry", registry, 63);
        if (repository == null || repository.isBlank()) {
            c.error("repository", "is required: the image's repository in the registry, e.g. 'shop/web'");
        } else if (repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
            c.error(
                    "repository",
                    "'" + repository + "' is not a repository name: lower-case letters and digits, with '.', '_' or"
                            + " '-' between them and '/' between parts, e.g. 'shop/web'");
        }
        if (tag == null || tag.isBlank()) {
            c.error("tag", "is required: the image's tag, e.g. '1.4'");
        } else if (!TAG.matcher(tag).matches()) {
            c.error("tag", "'" + tag + "' is not a tag: at most 128 letters, digits, '_', '.' and '-', e.g. '1.4'");
        }
        if (dockerfile != null
                && (!DOCKERFILE.matcher(dockerfile).matches()
                        || dockerfile.startsWith("/")
                        || List.of(dockerfile.split("/")).contains(".."))) {
            c.error(
                    "dockerfile",
                    "'" + dockerfile + "' is not a path inside the context: give a relative path without '..', e.g."
                            + " 'Dockerfile' or 'docker/web.Dockerfile'");
        }
        for (int i = 0; args != null && i < args.size(); i++) {
            if (!ARG.matcher(args.get(i)).matches()) {
                c.error("arg[" + i + "]", "'" + args.get(i) + "' is not NAME=value (NAME: letters, digits and '_')");
            }
        }
        if (git != null) {
            return c.errors(); // the context is fetched when the build runs
        }
        if (context == null || context.length == 0) {
            c.error(
                    "body",
                    "is empty: send the build's context as a tar.gz (Content-Type: application/gzip), e.g."
                            + " 'tar -czf - -C ./app . | curl --data-binary @- ...'");
        } else if (context.length < 2 || (context[0] & 0xff) != 0x1f || (context[1] & 0xff) != 0x8b) {
            c.error("body", "is not gzip: send the context as a tar.gz (tar -czf)");
        } else if (context.length > maxContextKiB * 1024L) {
            c.error(
                    "body",
                    "is " + (context.length / 1024) + " KiB; a context may be at most " + maxContextKiB + " KiB: leave"
                            + " out what the Dockerfile does not COPY (a .dockerignore does not apply here)");
        }
        return c.errors();
    }

    /** NAME=value strings as a map, in order. */
    static Map<String, String> args(List<String> args) {
        Map<String, String> map = new java.util.TreeMap<>();
        for (String a : args == null ? List.<String>of() : args) {
            int eq = a.indexOf('=');
            map.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return map;
    }
}
