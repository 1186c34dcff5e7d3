/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Backups of the running platform's embedded database and key files, by REST and on the console. What a backup holds
 * and its restore are checked in the store's BackupWhileWritingTest; who may make one, in AccessMatrixIT.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackupIT extends CengjiyunTestSupport {

    private Path data() {
        return Path.of(bundleContext.getProperty("cengjiyun.data")).toAbsolutePath();
    }

    @Test
    public void aPlatformAdministratorBacksUpTheDatabaseAndTheKeyFilesAndFindsItInTheList() throws Exception {
        waitForRest();
        HttpResponse<String> created = post("/services", "{\"name\": \"backup-1\"}");
        assertEquals(created.body(), 201, created.statusCode());

        HttpResponse<String> made = post("/backups", "{}");

        assertEquals(made.body(), 201, made.statusCode());
        JsonNode backup = body(made);
        Path folder = Path.of(backup.get("path").asText());
        assertTrue(made.body(), folder.startsWith(data().resolve("backups")));
        assertTrue(made.body(), Files.isRegularFile(folder.resolve("db/service.properties")));
        assertTrue(made.body(), Files.isRegularFile(folder.resolve("backup.properties")));
        assertTrue(made.body(), backup.get("bytes").asLong() > 100_000);
        assertTrue(made.body(), backup.get("keyFiles").toString().contains("\"cluster.key\""));
        assertEquals(
                Files.readString(data().resolve("cluster.key")), Files.readString(folder.resolve("keys/cluster.key")));
        HttpResponse<String> listed = get("/backups");
        assertEquals(listed.body(), 200, listed.statusCode());
        assertEquals(
                listed.body(),
                folder.toString(),
                body(listed).get(0).get("path").asText());
        deleteService("backup-1");
    }

    @Test
    public void aTargetThatIsNotAnAbsoluteFolderIsRefusedNamingTheField() throws Exception {
        waitForRest();

        HttpResponse<String> refused = post("/backups", "{\"target\": \"relative/folder\"}");

        assertProblem(refused, 422);
        assertTrue(refused.body(), refused.body().contains("\"target\""));
        assertTrue(refused.body(), refused.body().contains("not an absolute path"));
    }

    @Test
    public void theConsoleBacksUpIntoAGivenFolderAndListsIt() throws Exception {
        waitForRest();
        Path work = Path.of(System.getProperty(RuntimeOptions.WORK, System.getProperty("java.io.tmpdir")));
        Path target = Files.createTempDirectory(Files.createDirectories(work), "backups");

        String said = gogo("cj:backup " + target);

        assertTrue(said, said.contains("made in " + target));
        assertTrue(said, said.contains("bin/cengjiyun restore " + target));
        String listed = gogo("cj:backups");
        assertTrue(listed, listed.contains(target.toString()));
    }
}
