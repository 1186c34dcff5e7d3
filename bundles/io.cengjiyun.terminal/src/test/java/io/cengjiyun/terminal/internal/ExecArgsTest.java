/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cj:exec's arguments: its options end where the server is named, so the command keeps its own. */
class ExecArgsTest {
    @Test
    void theCommandKeepsItsOwnOptions() {
        var a = TerminalCommands.ExecArgs.parse(
                List.of("-c", "app", "--timeout", "5", "shop", "dev", "web", "--", "sh", "-c", "ls -p /"));
        assertEquals("app", a.container());
        assertNull(a.pod());
        assertEquals(5, a.timeout());
        assertEquals(List.of("shop", "dev", "web"), List.of(a.service(), a.appmap(), a.server()));
        assertEquals(List.of("sh", "-c", "ls -p /"), a.command());
        assertEquals(
                List.of("ps"),
                TerminalCommands.ExecArgs.parse(List.of("shop", "dev", "web", "ps"))
                        .command());
        assertEquals(
                60,
                TerminalCommands.ExecArgs.parse(List.of("shop", "dev", "web", "ps"))
                        .timeout());
    }

    @Test
    void whatIsMissingOrWrongIsNamed() {
        var none = assertThrows(
                ValidationException.class, () -> TerminalCommands.ExecArgs.parse(List.of("shop", "dev", "web", "--")));
        assertEquals("command", none.errors().get(0).field());
        var server =
                assertThrows(ValidationException.class, () -> TerminalCommands.ExecArgs.parse(List.of("shop", "dev")));
        assertEquals("server", server.errors().get(0).field());
        assertTrue(server.errors().get(0).message().contains("cj:exec [-p pod]"));
        var option = assertThrows(
                ValidationException.class,
                () -> TerminalCommands.ExecArgs.parse(List.of("-x", "shop", "dev", "w", "ls")));
        assertEquals("option", option.errors().get(0).field());
        var timeout = assertThrows(
                ValidationException.class,
                () -> TerminalCommands.ExecArgs.parse(List.of("--timeout", "0", "shop", "dev", "web", "ls")));
        assertEquals("--timeout", timeout.errors().get(0).field());
        assertThrows(ValidationException.class, () -> TerminalCommands.ExecArgs.parse(List.of("-p")));
    }
}
