/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.cluster.Allotment;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registering on a cluster and removing again, against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class RegistrationsTest {
    static KubernetesClient client;
    private static final String US = "11111111-1111-1111-1111-111111111111";
    private static final String THEM = "22222222-2222-2222-2222-222222222222";
    private FrontProxies proxies;

    @BeforeEach
    void emptyCluster() throws Exception {
        client.genericKubernetesResources(RegistrationObjects.API_SERVICES).delete();
        client.services().inNamespace("kube-system").delete();
        client.endpoints().inNamespace("kube-system").delete();
        client.configMaps().inNamespace("kube-system").delete();
        ConfigMap authentication = new ConfigMap();
        authentication.setMetadata(new ObjectMeta());
        authentication.getMetadata().setName(FrontProxy.CONFIG_MAP);
        authentication.getMetadata().setNamespace("kube-system");
        authentication.setData(FrontProxyTest.configMap(new TestPki("front-proxy-ca")));
        client.resource(authentication).create();
        proxies = new FrontProxies();
    }

    private Registrations registrations(String instance) throws Exception {
        InetAddress here = InetAddress.getByName("10.1.2.3");
        return new Registrations(
                new OneCluster(),
                proxies,
                instance,
                "PEM OF " + instance,
                4443,
                null,
                c -> here,
                RegistrationsTest::createOrReplace,
                Clock.systemUTC());
    }

    private GenericKubernetesResource apiService() {
        return client.genericKubernetesResources(RegistrationObjects.API_SERVICES)
                .withName("v1beta1.metrics.k8s.io")
                .get();
    }

    private Service service() {
        return client.services()
                .inNamespace("kube-system")
                .withName("cengjiyun-metrics-api")
                .get();
    }

    private Endpoints endpoints() {
        return client.endpoints()
                .inNamespace("kube-system")
                .withName("cengjiyun-metrics-api")
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @Test
    void aClusterWithoutMetricsApiGetsTheApiServiceServiceAndEndpoints() throws Exception {
        Registrations r = registrations(US);
        r.round();

        ClusterStatus status = r.status().get("local");
        assertEquals(ClusterStatus.State.SERVED, status.state(), String.valueOf(status));
        assertEquals("10.1.2.3:4443", status.endpoint());

        GenericKubernetesResource api = apiService();
        assertNotNull(api);
        Map<String, Object> spec = spec(api);
        assertEquals("metrics.k8s.io", spec.get("group"));
        assertEquals("v1beta1", spec.get("version"));
        assertEquals(100, ((Number) spec.get("groupPriorityMinimum")).intValue());
        assertEquals(100, ((Number) spec.get("versionPriority")).intValue());
        assertNull(spec.get("insecureSkipTLSVerify"));
        assertEquals(
                "PEM OF " + US,
                new String(Base64.getDecoder().decode((String) spec.get("caBundle")), StandardCharsets.US_ASCII));
        assertEquals(
                Map.of("namespace", "kube-system", "name", "cengjiyun-metrics-api", "port", 443), spec.get("service"));

        for (HasMetadata o : List.of(api, service(), endpoints())) {
            assertEquals("cengjiyun", o.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
            assertEquals(US, o.getMetadata().getAnnotations().get("cengjiyun.io/instance"));
        }
        Service service = service();
        assertTrue(
                service.getSpec().getSelector() == null
                        || service.getSpec().getSelector().isEmpty(),
                "no selector: the Endpoints are the platform's");
        assertEquals("https", service.getSpec().getPorts().get(0).getName());
        assertEquals(443, service.getSpec().getPorts().get(0).getPort());
        var subset = endpoints().getSubsets().get(0);
        assertEquals("10.1.2.3", subset.getAddresses().get(0).getIp());
        assertEquals("https", subset.getPorts().get(0).getName(), "the Service port's name");
        assertEquals(4443, subset.getPorts().get(0).getPort());
        assertTrue(proxies.getAcceptedIssuers().length > 0, "the cluster's front-proxy CA is trusted now");
    }

    @Test
    void aMetricsApiThatIsNotThePlatformsIsLeftUntouched() throws Exception {
        GenericKubernetesResource metricsServer = new GenericKubernetesResource();
        metricsServer.setApiVersion("apiregistration.k8s.io/v1");
        metricsServer.setKind("APIService");
        metricsServer.setMetadata(new ObjectMeta());
        metricsServer.getMetadata().setName("v1beta1.metrics.k8s.io");
        metricsServer.getMetadata().setLabels(Map.of("k8s-app", "metrics-server"));
        metricsServer.setAdditionalProperty(
                "spec",
                Map.of(
                        "group", "metrics.k8s.io",
                        "version", "v1beta1",
                        "service", Map.of("namespace", "kube-system", "name", "metrics-server")));
        client.genericKubernetesResources(RegistrationObjects.API_SERVICES)
                .resource(metricsServer)
                .create();

        Registrations r = registrations(US);
        r.round();
        r.round();

        ClusterStatus status = r.status().get("local");
        assertEquals(ClusterStatus.State.FOREIGN, status.state());
        assertTrue(status.detail().contains("kube-system/metrics-server"), status.detail());
        assertEquals("metrics-server", spec(apiService()).get("service") instanceof Map<?, ?> s ? s.get("name") : null);
        assertNull(service());
        assertNull(endpoints());
        assertEquals(0, proxies.getAcceptedIssuers().length, "nothing from that cluster is trusted");
        assertEquals(Map.of(), r.removeAll(), "nothing to remove: nothing was made");
        assertNotNull(apiService());
    }

    @Test
    void removalTakesAwayWhatThisRuntimeMade() throws Exception {
        Registrations r = registrations(US);
        r.round();
        String outcome = r.removeAll().get("local");
        assertTrue(outcome.contains("APIService v1beta1.metrics.k8s.io"), outcome);
        assertNull(apiService());
        assertNull(service());
        assertNull(endpoints());
        assertEquals(Map.of(), r.status());
    }

    @Test
    void removalLeavesWhatAnotherRuntimeTookOver() throws Exception {
        Registrations us = registrations(US);
        us.round();
        registrations(THEM).round(); // ours is not Available in the mock: they take over
        assertEquals(THEM, RegistrationObjects.instanceOf(apiService()));

        String outcome = us.removeAll().get("local");
        assertEquals("nothing of this runtime's was left", outcome);
        assertNotNull(apiService());
        assertNotNull(service());
        assertNotNull(endpoints());
    }

    @Test
    void anotherRuntimeThatAnswersKeepsItsRegistration() throws Exception {
        registrations(THEM).round();
        GenericKubernetesResource theirs = apiService();
        theirs.setAdditionalProperty(
                "status", Map.of("conditions", List.of(Map.of("type", "Available", "status", "True"))));
        client.genericKubernetesResources(RegistrationObjects.API_SERVICES)
                .resource(theirs)
                .update();
        assertTrue(RegistrationObjects.available(apiService()), "the mock keeps the status");

        Registrations us = registrations(US);
        us.round();
        assertEquals(ClusterStatus.State.OTHER_RUNTIME, us.status().get("local").state());
        assertEquals(THEM, RegistrationObjects.instanceOf(apiService()));
    }

    @Test
    void withoutTheFrontProxyConfigMapTheClusterIsInError() throws Exception {
        client.configMaps().inNamespace("kube-system").delete();
        Registrations r = registrations(US);
        r.round();
        ClusterStatus status = r.status().get("local");
        assertEquals(ClusterStatus.State.ERROR, status.state());
        assertTrue(status.detail().contains("extension-apiserver-authentication"), status.detail());
        assertTrue(r.anyError());
        assertNull(apiService());
    }

    @Test
    void theSameStateIsRecordedOnceWithItsFirstTime() throws Exception {
        Registrations r = registrations(US);
        r.round();
        Instant first = r.status().get("local").since();
        r.round();
        assertEquals(first, r.status().get("local").since());
        assertFalse(r.anyError());
    }

    /**
     * The mock server has no server-side apply (404 to one that would create): Service and Endpoints are created, or
     * replace what is there. The APIService goes as it goes to a real cluster (create, or merge patch).
     */
    private static void createOrReplace(KubernetesClient k, HasMetadata object) {
        if (object instanceof GenericKubernetesResource) {
            Registrations.ObjectApply.LIVE.apply(k, object);
        } else {
            k.resource(object).createOr(NonDeletingOperation::update);
        }
    }

    /** The registry of the mock cluster alone. */
    private static final class OneCluster implements ClusterRegistry, ClusterConnection {
        @Override
        public String name() {
            return "local";
        }

        @Override
        public KubernetesClient client() {
            return client;
        }

        @Override
        public Set<String> servedApiVersions() {
            return Set.of("v1");
        }

        @Override
        public boolean serves(String apiVersion, String kind) {
            return false;
        }

        @Override
        public <T extends HasMetadata> List<T> cached(Class<T> kind, String namespace) {
            return List.of();
        }

        @Override
        public Subscription onChange(String namespace, Consumer<HasMetadata> listener) {
            return () -> {};
        }

        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public ClusterInfo info() {
            return new ClusterInfo("local", "https://mock", true, "v1.20.2", List.of(), List.of(), null, null, null);
        }

        @Override
        public List<ClusterInfo> clusters() {
            return List.of(info());
        }

        @Override
        public ClusterInfo cluster(String name) {
            return info();
        }

        @Override
        public ClusterInfo register(String name, String kubeconfig) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClusterInfo refresh(String name) {
            return info();
        }

        @Override
        public ClusterConnection connection(String name) {
            if (!name.equals("local")) {
                throw new NotFoundException("cluster '" + name + "'");
            }
            return this;
        }

        @Override
        public List<Allotment> allotments(String service) {
            return List.of();
        }

        @Override
        public List<Allotment> allot(String service, List<Allotment> allotments) {
            throw new UnsupportedOperationException();
        }
    }
}
