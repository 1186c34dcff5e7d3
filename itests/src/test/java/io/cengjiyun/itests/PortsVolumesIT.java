/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Ports and volumes on the real Kubernetes of tools/kube-local, through the API: a NodePort answers from this host
 * with the server's own HTTP answer (busybox httpd serving its volumes), data on a persistent volume outlives stop,
 * start, a rolling update and a delete, a config map shows in the container and an opt-in change restarts the pods,
 * and each of the two bundles stopped alone leaves the rest of the API working and names itself.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PortsVolumesIT extends ServerTestSupport {
    @Override
    protected String servicePrefix() {
        return "pv";
    }

    @Override
    protected String appMapQuota() {
        return SMALL_QUOTA;
    }

    /**
     * A web server over its volumes: httpd serves /srv, where the persistent volume (data) and the config map (conf)
     * are mounted; on its first start ever it writes the pod's name to data/first.
     */
    private static String site(String version, String ports) {
        return "{\"name\": \"site\", \"kind\": \"Deployment\", \"replicas\": 1, \"terminationGracePeriodSeconds\": 1,"
                + " \"updateStrategy\": {\"type\": \"Recreate\"},"
                + " \"containers\": [{\"name\": \"httpd\", \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\","
                + " \"command\": [\"sh\", \"-c\", \"[ -f /srv/data/first ] || hostname > /srv/data/first; exec httpd -f -p 8080 -h /srv\"],"
                + " \"env\": [{\"name\": \"VERSION\", \"value\": \"" + version + "\"}],"
                + " \"ports\": [{\"name\": \"http\", \"containerPort\": 8080}],"
                + " \"readinessProbe\": {\"tcpSocket\": {\"port\": 8080}, \"periodSeconds\": 1}}],"
                + " \"ports\": " + ports + ","
                + " \"volumes\": [{\"name\": \"data\", \"type\": \"persistent\", \"size\": \"64Mi\", \"mountPath\": \"/srv/data\"},"
                + " {\"name\": \"conf\", \"type\": \"config\", \"source\": \"greeting\", \"mountPath\": \"/srv/conf\"}]}";
    }

    private static final String NODE_PORT =
            "[{\"name\": \"web\", \"port\": 80, \"targetPort\": \"http\", \"exposure\": \"NodePort\"}]";

    /** GET of a path on this host's node port: what the server's httpd answers. */
    private String fromHost(int nodePort, String path) {
        String[] answer = new String[1];
        waitForAssert(
                () -> {
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort + path))
                                        .timeout(Duration.ofSeconds(3))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(path + ": " + r.body(), 200, r.statusCode());
                        answer[0] = r.body().trim();
                    } catch (IOException e) {
                        throw new AssertionError("GET 127.0.0.1:" + nodePort + path + ": " + e, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                },
                ROLLOUT);
        return answer[0];
    }

    private int nodePort(String server) throws Exception {
        JsonNode ports = body(get(appmap + "/servers/" + server + "/ports"));
        assertEquals(ports.toString(), 1, ports.size());
        int nodePort = ports.get(0).path("nodePort").asInt();
        assertTrue(ports.toString(), nodePort >= 30000 && nodePort <= 32767);
        String addresses = ports.get(0).path("addresses").toString();
        assertTrue(addresses, addresses.contains(":" + nodePort + "\""));
        return nodePort;
    }

    private Set<String> podNames(String server) {
        return pods(server).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<PersistentVolumeClaim> claims(String server) {
        return kube
                .persistentVolumeClaims()
                .inNamespace(namespace)
                .withLabel("cengjiyun.io/server", server)
                .list()
                .getItems()
                .stream()
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    @Test
    public void aWebServerKeepsItsDataAndShowsItsConfigOnItsNodePort() throws Exception {
        HttpResponse<String> config = post(
                appmap + "/configmaps",
                "{\"name\": \"greeting\", \"data\": {\"hello\": \"bonjour\"}, \"restartServers\": true}");
        assertEquals(config.body(), 201, config.statusCode());
        HttpResponse<String> created = post(appmap + "/servers", site("v1", NODE_PORT));
        assertEquals(created.body(), 201, created.statusCode());
        waitForState("site", "RUNNING");

        int nodePort = nodePort("site");
        String first = fromHost(nodePort, "/data/first");
        assertEquals(
                "the pod that first wrote the volume",
                podNames("site").iterator().next(),
                first);
        assertEquals("bonjour", fromHost(nodePort, "/conf/hello"));
        JsonNode volumes = body(get(appmap + "/volumes"));
        assertTrue(volumes.toString(), volumes.toString().contains("\"Bound\""));
        assertTrue(volumes.toString(), volumes.toString().contains("site"));
        assertTrue(
                "a claim is not owned by the controller: it outlives it",
                claims("site").get(0).getMetadata().getOwnerReferences().isEmpty());

        // changing a port: the Service changes, the pods stay
        Set<String> podsBefore = podNames("site");
        HttpResponse<String> ports = put(
                appmap + "/servers/site/ports",
                "[{\"name\": \"web\", \"port\": 81, \"targetPort\": \"http\", \"exposure\": \"NodePort\"}]");
        assertEquals(ports.body(), 200, ports.statusCode());
        waitForAssert(
                () -> assertEquals(
                        81,
                        kube.services()
                                .inNamespace(namespace)
                                .withName("site")
                                .get()
                                .getSpec()
                                .getPorts()
                                .get(0)
                                .getPort()
                                .intValue()),
                ROLLOUT);
        int changedPort = nodePort("site");
        assertEquals(first, fromHost(changedPort, "/data/first"));
        assertEquals("a port change leaves the pods alone", podsBefore, podNames("site"));

        // a nodePort someone holds: 409 naming the holder
        HttpResponse<String> taken = post(
                appmap + "/servers",
                site(
                                "v1",
                                "[{\"name\": \"web\", \"port\": 80, \"targetPort\":"
                                        + " \"http\", \"exposure\": \"NodePort\", \"nodePort\": " + changedPort + "}]")
                        .replace("\"site\"", "\"copy\""));
        assertProblem(taken, 409);
        assertTrue(taken.body(), taken.body().contains(namespace + "/site"));
        assertEquals(404, get(appmap + "/servers/copy").statusCode());

        // the data outlives stop and start, and a rolling update
        assertEquals(200, post(appmap + "/servers/site/stop", "").statusCode());
        waitForState("site", "STOPPED");
        assertEquals(200, post(appmap + "/servers/site/start", "").statusCode());
        waitForState("site", "RUNNING");
        assertEquals(first, fromHost(changedPort, "/data/first"));
        HttpResponse<String> updated = put(
                appmap + "/servers/site",
                site(
                        "v2",
                        "[{\"name\": \"web\", \"port\": 81, \"targetPort\": \"http\", \"exposure\": \"NodePort\"}]"));
        assertEquals(updated.body(), 200, updated.statusCode());
        waitForAssert(
                () -> {
                    List<Pod> now = pods("site");
                    assertEquals(1, now.size());
                    assertEquals(
                            "v2",
                            now.get(0)
                                    .getSpec()
                                    .getContainers()
                                    .get(0)
                                    .getEnv()
                                    .get(0)
                                    .getValue());
                },
                ROLLOUT);
        waitForState("site", "RUNNING");
        assertEquals(first, fromHost(changedPort, "/data/first"));

        // an opt-in config change restarts the pods, which show the new content
        Set<String> beforeConfig = podNames("site");
        HttpResponse<String> changed = put(
                appmap + "/configmaps/greeting",
                "{\"name\": \"greeting\", \"data\": {\"hello\": \"servus\"}, \"restartServers\": true}");
        assertEquals(changed.body(), 200, changed.statusCode());
        waitForAssert(
                () -> assertFalse("the pods restart", podNames("site").stream().anyMatch(beforeConfig::contains)),
                ROLLOUT);
        waitForState("site", "RUNNING");
        assertEquals("servus", fromHost(changedPort, "/conf/hello"));
        assertProblem(delete(appmap + "/configmaps/greeting"), 409); // in use by site

        // delete keeps the claim; a new server of that name finds its data; delete with volumes takes it
        assertEquals(204, delete(appmap + "/servers/site?stop=true").statusCode());
        waitForAssert(() -> assertEquals(List.of(), pods("site")), ROLLOUT);
        assertEquals(1, claims("site").size());
        assertEquals(201, post(appmap + "/servers", site("v3", NODE_PORT)).statusCode());
        waitForState("site", "RUNNING");
        assertEquals("the claim kept its data", first, fromHost(nodePort("site"), "/data/first"));
        assertEquals(
                204, delete(appmap + "/servers/site?stop=true&volumes=true").statusCode());
        waitForAssert(() -> assertEquals(List.of(), claims("site")), ROLLOUT);
    }

    @Test
    public void eachBundleStoppedAloneNamesItselfAndTheRestWorks() throws Exception {
        assertEquals(
                201,
                post(appmap + "/configmaps", "{\"name\": \"greeting\", \"data\": {\"hello\": \"hi\"}}")
                        .statusCode());
        for (String name : List.of("io.cengjiyun.ports", "io.cengjiyun.volumes")) {
            Bundle bundle = java.util.Arrays.stream(bundleContext.getBundles())
                    .filter(b -> b.getSymbolicName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no bundle " + name));
            bundle.stop();
            try {
                waitForAssert(() -> {
                    try {
                        HttpResponse<String> refused = post(appmap + "/servers", site("v1", NODE_PORT));
                        assertEquals(refused.body(), 503, refused.statusCode());
                        assertTrue(refused.body(), refused.body().contains(name));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                });
                assertEquals(404, get(appmap + "/servers/site").statusCode()); // nothing half-made
                assertEquals(200, get("/services/" + service).statusCode());
                HttpResponse<String> plain = post(
                        appmap + "/servers",
                        "{\"name\": \"plain\", \"kind\": \"Deployment\","
                                + " \"replicas\": 0, \"containers\": [{\"name\": \"app\", \"image\": \"cengjiyun.test/busybox:1\","
                                + " \"imagePullPolicy\": \"Never\"}]}");
                assertEquals(plain.body(), 201, plain.statusCode());
                assertEquals(204, delete(appmap + "/servers/plain?stop=true").statusCode());
            } finally {
                bundle.start();
            }
        }
        waitForAssert(() -> {
            try {
                HttpResponse<String> created = post(appmap + "/servers", site("v1", NODE_PORT));
                assertEquals(created.body(), 201, created.statusCode());
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        assertNotEquals(0, nodePort("site"));
        assertEquals(
                204, delete(appmap + "/servers/site?stop=true&volumes=true").statusCode());
    }
}
