/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.api.shell.Table;
import io.cengjiyun.terminal.LogLine;
import io.cengjiyun.terminal.TerminalSessionView;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands: run a command in a server's container, read and follow its logs, list terminal sessions. */
@Component(
        service = TerminalCommands.class,
        property = {
            "osgi.command.scope=" + Commands.SCOPE,
            "osgi.command.function=exec",
            "osgi.command.function=logs",
            "osgi.command.function=terminals",
            Commands.READ_ONLY + "=logs",
            Commands.READ_ONLY + "=terminals"
        })
public class TerminalCommands {
    private final Logs logs;
    private final Targets targets;
    private final Sessions sessions;

    @Activate
    public TerminalCommands(@Reference Logs logs, @Reference Targets targets, @Reference Sessions sessions) {
        this.logs = logs;
        this.targets = targets;
        this.sessions = sessions;
    }

    @Descriptor("runs a command in a container of a server (no TTY) and prints its output and exit code:"
            + " cj:exec [-p pod] [-c container] [--timeout seconds] <service> <appmap> <server> -- command...")
    public String exec(
            @Descriptor("[-p pod] [-c container] [--timeout s] service appmap server -- command...") String... args)
            throws InterruptedException {
        ExecArgs a = ExecArgs.parse(Arrays.asList(args));
        Target t = targets.of(a.service(), a.appmap(), a.server());
        Pod p = Targets.pod(t, a.pod());
        String c = Targets.container(t, p, a.container());
        try {
            Shells.Result r = Shells.run(
                    t.connection().client(), t.namespace(), p.getMetadata().getName(), c, a.command(), a.timeout());
            StringBuilder out = new StringBuilder(r.out());
            if (!r.err().isEmpty()) {
                out.append(r.err());
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            return out.append("exit code ")
                    .append(r.exitCode())
                    .append(" (pod ")
                    .append(p.getMetadata().getName())
                    .append(", container ")
                    .append(c)
                    .append(")\n")
                    .toString();
        } catch (TimeoutException e) {
            throw new ValidationException(
                    "--timeout", "the command did not end within " + a.timeout() + " s: give a longer --timeout");
        } catch (IllegalStateException e) {
            throw new ValidationException("command", "could not run: " + e.getMessage());
        }
    }

    /**
     * The arguments of cj:exec, read by hand: the shell's own option parsing would take a {@code -c} of the command
     * (as in {@code sh -c ...}) for the container option; here options end at {@code --} or at the third name.
     */
    record ExecArgs(
            String pod,
            String container,
            int timeout,
            String service,
            String appmap,
            String server,
            List<String> command) {
        static final String USAGE =
                "cj:exec [-p pod] [-c container] [--timeout seconds] <service> <appmap> <server> --" + " command...";

        static ExecArgs parse(List<String> args) {
            String pod = null;
            String container = null;
            int timeout = 60;
            List<String> names = new ArrayList<>();
            int i = 0;
            for (; i < args.size() && names.size() < 3; i++) {
                String a = args.get(i);
                switch (a) {
                    case "-p", "--pod" -> pod = value(args, ++i, a);
                    case "-c", "--container" -> container = value(args, ++i, a);
                    case "--timeout" -> {
                        String v = value(args, ++i, a);
                        try {
                            timeout = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            timeout = -1;
                        }
                        if (timeout < 1 || timeout > 3600) {
                            throw new ValidationException(
                                    "--timeout", "'" + v + "' is not a number of seconds from 1 to 3600");
                        }
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new ValidationException("option", "'" + a + "' is unknown: " + USAGE);
                        }
                        names.add(a);
                    }
                }
            }
            if (names.size() < 3) {
                throw new ValidationException("server", "is missing: " + USAGE);
            }
            List<String> command = new ArrayList<>(args.subList(i, args.size()));
            if (!command.isEmpty() && command.get(0).equals("--")) {
                command.remove(0);
            }
            if (command.isEmpty()) {
                throw new ValidationException("command", "is missing: " + USAGE);
            }
            return new ExecArgs(pod, container, timeout, names.get(0), names.get(1), names.get(2), command);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new ValidationException(option, "needs a value: " + USAGE);
            }
            return args.get(i);
        }
    }

    @Descriptor("prints a server's logs: all its pods and containers merged in time order, or one container's")
    public String logs(
            @Descriptor("follow: print new lines as they come, across restarts and rolling updates, until Ctrl-C")
                    @Parameter(
                            names = {"-f", "--follow"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean follow,
            @Descriptor("the previous instance of the containers (after a crash)")
                    @Parameter(
                            names = {"--previous"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean previous,
            @Descriptor("only lines since a duration ago (30s, 10m, 2h, 7d) or a time (RFC 3339)")
                    @Parameter(
                            names = {"--since"},
                            absentValue = "")
                    String since,
            @Descriptor("the last N lines of each container")
                    @Parameter(
                            names = {"--tail"},
                            absentValue = "")
                    String tail,
            @Descriptor("one pod only")
                    @Parameter(
                            names = {"-p", "--pod"},
                            absentValue = "")
                    String pod,
            @Descriptor("one container only")
                    @Parameter(
                            names = {"-c", "--container"},
                            absentValue = "")
                    String container,
            @Descriptor("with -f: stop after this many seconds")
                    @Parameter(
                            names = {"--timeout"},
                            absentValue = "3600")
                    int timeout,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server)
            throws Exception {
        Target t = targets.of(service, appmap, server);
        PrintStream out = System.out;
        if (follow) {
            if (timeout < 1 || timeout > 86_400) {
                throw new ValidationException("--timeout", timeout + " is not a number of seconds from 1 to 86400");
            }
            LogQuery q = LogQuery.parse(tail, since, false, true, 20, logs.maxLines());
            try (LogFollow f = logs.follow(t, pod, container, q, line -> out.println(line.format(false)))) {
                long end = System.nanoTime() + timeout * 1_000_000_000L;
                while (!f.closed() && System.nanoTime() < end) {
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "";
        }
        if (!pod.isEmpty() && !container.isEmpty()) {
            LogQuery q = LogQuery.parse(tail, since, previous, false, null, Integer.MAX_VALUE);
            try (InputStream in = logs.stream(t, pod, container, q)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        LogQuery q = LogQuery.parse(tail, since, previous, false, 500, logs.maxLines());
        StringBuilder text = new StringBuilder();
        for (LogLine l : logs.merged(t, pod, container, q)) {
            text.append(l.format(false)).append('\n');
        }
        return text.toString();
    }

    @Descriptor("lists a service's terminal sessions, newest first: who, where, when, bytes, why they ended")
    public String terminals(
            @Descriptor("open sessions only")
                    @Parameter(
                            names = {"-o", "--open"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean openOnly,
            @Descriptor("service name") String service) {
        Table table = new Table("ID", "USER", "SERVER", "POD/CONTAINER", "STARTED", "ENDED", "IN", "OUT", "REASON");
        for (TerminalSessionView s : sessions.list(service, openOnly, 100)) {
            table.row(
                    s.id(),
                    s.user(),
                    s.appmap() + "/" + s.server(),
                    s.pod() + "/" + s.container(),
                    s.started(),
                    s.ended() == null ? "open" : s.ended(),
                    String.valueOf(s.bytesIn()),
                    String.valueOf(s.bytesOut()),
                    s.endReason() == null ? "" : s.endReason());
        }
        return table.toString();
    }
}
