/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.api.shell.Table;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands for backups of the database and the key files. */
@Component(
        service = BackupCommands.class,
        property = {
            "osgi.command.scope=cj",
            "osgi.command.function=backup",
            "osgi.command.function=backups",
            "cengjiyun.command.readonly=backups"
        })
public class BackupCommands {
    private final DatabaseBackups backups;

    @Activate
    public BackupCommands(@Reference DatabaseBackups backups) {
        this.backups = backups;
    }

    @Descriptor("backs up the database and the key files, online, into <data>/backups/<time>")
    public String backup() {
        return describe(backups.create(null));
    }

    @Descriptor("backs up the database and the key files, online, into <folder>/<time>")
    public String backup(@Descriptor("an absolute folder") String folder) {
        return describe(backups.create(folder));
    }

    @Descriptor("lists the backups, newest first")
    public String backups() {
        Table table = new Table("NAME", "CREATED", "BYTES", "KEY FILES", "PATH");
        backups.list()
                .forEach(b -> table.row(b.name(), b.created(), b.bytes(), String.join(",", b.keyFiles()), b.path()));
        return table.toString();
    }

    private static String describe(Backup backup) {
        return "backup " + backup.name() + " made in " + backup.path() + " (" + backup.bytes() + " bytes, key files "
                + backup.keyFiles() + ")\nrestore it into a stopped runtime with: bin/cengjiyun restore "
                + backup.path();
    }
}
