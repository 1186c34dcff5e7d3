/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.api.shell.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Console commands for image builds: start one from a tar.gz on this machine or a git repository and follow its
 * output ({@code cj:build -f}), list a service's, read or follow one's output, cancel one.
 */
@Component(
        service = BuildCommands.class,
        property = {
            "osgi.command.scope=" + Commands.SCOPE,
            "osgi.command.function=build",
            "osgi.command.function=builds",
            "osgi.command.function=buildOutput",
            "osgi.command.function=cancelBuild",
            Commands.READ_ONLY + "=builds",
            Commands.READ_ONLY + "=buildOutput"
        })
public class BuildCommands {
    static final String AUTHOR = "console";

    private final BuildService service;
    private final BuildQueue queue;

    @Activate
    public BuildCommands(@Reference BuildService service, @Reference BuildQueue queue) {
        this.service = service;
        this.queue = queue;
    }

    @Descriptor("builds an image from a Dockerfile and its context (a tar.gz on this machine, or a git repository's"
            + " URL) and pushes it to a registry of the service")
    public String build(
            @Descriptor("follow: print the build's output as it comes, until it ends")
                    @Parameter(
                            names = {"-f", "--follow"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean follow,
            @Descriptor("the Dockerfile's path in the context")
                    @Parameter(
                            names = {"--dockerfile"},
                            absentValue = "Dockerfile")
                    String dockerfile,
            @Descriptor("build arguments, NAME=value, separated by spaces (quote the whole)")
                    @Parameter(
                            names = {"--args"},
                            absentValue = "")
                    String args,
            @Descriptor("with a git URL: the branch, tag or commit to build (the remote's HEAD by default)")
                    @Parameter(
                            names = {"--ref"},
                            absentValue = "")
                    String ref,
            @Descriptor("service name") String service,
            @Descriptor("appmap whose namespace and quota the build runs in") String appmap,
            @Descriptor("registry of the service to push to") String registry,
            @Descriptor("repository, e.g. shop/web") String repository,
            @Descriptor("tag, e.g. 1.4") String tag,
            @Descriptor("the context: a tar.gz file on this machine, or an https, http or git URL") String context)
            throws InterruptedException {
        boolean git = context.contains("://");
        byte[] bytes = new byte[0];
        if (!git) {
            try {
                bytes = Files.readAllBytes(Path.of(context));
            } catch (IOException e) {
                throw new ValidationException(
                        "context", "'" + context + "' cannot be read (" + e.getMessage() + "): give a tar.gz file");
            }
        }
        List<String> argList = args.isBlank() ? List.of() : List.of(args.strip().split("\\s+"));
        BuildView started = this.service.start(
                service,
                new BuildService.Request(
                        appmap,
                        registry,
                        repository,
                        tag,
                        dockerfile,
                        argList,
                        bytes,
                        git ? context : null,
                        ref.isBlank() ? null : ref),
                AUTHOR);
        if (!follow) {
            return "build " + started.id() + " " + started.state() + ": " + started.image()
                    + "\n(follow it: cj:buildOutput -f " + service + " " + started.id() + ")\n";
        }
        return followed(service, started.id());
    }

    @Descriptor("lists a service's builds, newest first")
    public String builds(@Descriptor("service name") String service) {
        Table table = new Table("ID", "STATE", "IMAGE", "DIGEST", "SECONDS", "BY", "SOURCE");
        for (BuildView b : this.service.list(service, 50)) {
            table.row(
                    b.id(),
                    b.state(),
                    b.image(),
                    b.digest() == null
                            ? ""
                            : b.digest().substring(0, Math.min(b.digest().length(), 19)),
                    b.durationMillis() == null ? "" : b.durationMillis() / 1000,
                    b.createdBy(),
                    b.source() == null ? "" : b.source());
        }
        return table.toString();
    }

    @Descriptor("prints a build's output; with -f, follows it until the build ends")
    public String buildOutput(
            @Descriptor("follow: print new lines as they come, until the build ends")
                    @Parameter(
                            names = {"-f", "--follow"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean follow,
            @Descriptor("service name") String service,
            @Descriptor("build id") String id)
            throws InterruptedException {
        if (follow) {
            return followed(service, id);
        }
        return this.service.output(service, id);
    }

    @Descriptor("cancels a queued or running build (its Job goes)")
    public String cancelBuild(@Descriptor("service name") String service, @Descriptor("build id") String id) {
        BuildView b = queue.cancel(this.service.find(service, id));
        return "build " + b.id() + " is being cancelled\n";
    }

    /** Prints the build's lines as they come, then answers how it ended. */
    private String followed(String service, String id) throws InterruptedException {
        PrintStream out = System.out;
        BlockingQueue<Object> events = new ArrayBlockingQueue<>(10_000);
        BuildQueue.Follower follower = BuildQueue.Follower.into(events);
        BuildView b = this.service.stored(service, id);
        if (!queue.follow(b.id(), follower)) {
            out.print(this.service.output(service, id));
            return ending(this.service.stored(service, id));
        }
        try {
            while (true) {
                Object next = events.poll(1, TimeUnit.HOURS);
                if (next == null) {
                    return "still " + this.service.find(service, id).state() + " after an hour: stopped following\n";
                }
                if (next instanceof String line) {
                    out.println(line);
                } else {
                    return ending((BuildView) next);
                }
            }
        } finally {
            queue.unfollow(b.id(), follower);
        }
    }

    private static String ending(BuildView b) {
        return "build " + b.id() + " " + b.state()
                + (b.digest() != null ? ": " + b.image() + "@" + b.digest() : "")
                + (b.message() != null ? " (" + b.message() + ")" : "")
                + "\n";
    }
}
