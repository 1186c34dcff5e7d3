/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.CengjiyunException;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.shell.Commands;
import java.util.HashSet;
import java.util.Set;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Audits the console: every command line that runs a {@code cj} command which is not declared read-only
 * ({@link Commands#READ_ONLY}) is recorded as the console operator's SHELL action, with its outcome.
 * Commands of other scopes (felix:, gogo:) are the framework's own and are not recorded.
 */
@Component(service = CommandSessionListener.class)
public class ShellAudit implements CommandSessionListener {
    private final Accounts accounts;
    private final BundleContext context;

    @Activate
    public ShellAudit(@Reference Accounts accounts, BundleContext context) {
        this.accounts = accounts;
        this.context = context;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence commandline) {
        // recorded once its outcome is known
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Exception exception) {
        int status = exception instanceof CengjiyunException ce
                ? ce.status()
                : exception instanceof IllegalArgumentException ? 400 : 500;
        record(commandline, status, exception.getMessage());
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Object result) {
        record(commandline, 200, null);
    }

    private void record(CharSequence commandline, int status, String detail) {
        String line = commandline.toString().strip();
        if (!mutates(line)) {
            return;
        }
        accounts.audit(new AuditRecord(
                0,
                accounts.now(),
                Caller.OPERATOR.name(),
                "console",
                "SHELL",
                line,
                null,
                status,
                AuditRecord.outcomeOf(status),
                detail));
    }

    /** True if a command of the line is a cj command that is not read-only. */
    boolean mutates(String line) {
        Set<String> functions = new HashSet<>();
        Set<String> readOnly = new HashSet<>();
        try {
            ServiceReference<?>[] refs =
                    context.getServiceReferences((String) null, "(osgi.command.scope=" + Commands.SCOPE + ")");
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                addAll(functions, ref.getProperty("osgi.command.function"));
                addAll(readOnly, ref.getProperty(Commands.READ_ONLY));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (String segment : line.split("[;|\\n]")) {
            String[] words = segment.strip().split("\\s+", 2);
            String name = words[0];
            if (name.startsWith(Commands.SCOPE + ":")) {
                name = name.substring(Commands.SCOPE.length() + 1);
            } else if (name.contains(":")) {
                continue;
            }
            if (functions.contains(name) && !readOnly.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static void addAll(Set<String> into, Object property) {
        if (property instanceof String s) {
            into.add(s);
        } else if (property instanceof String[] array) {
            into.addAll(java.util.List.of(array));
        }
    }
}
