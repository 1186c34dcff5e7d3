/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the platform puts on a cluster to serve it the metrics API: in kube-system a Service without selector and its
 * Endpoints (this runtime's address), and the APIService {@value #API_SERVICE} that points the API server at them.
 * All carry the platform's managed-by label and this runtime's instance annotation: the label says the platform may
 * replace them, the annotation which runtime may remove them.
 */
final class RegistrationObjects {
    static final String NAMESPACE = "kube-system";
    static final String NAME = "cengjiyun-metrics-api";
    static final String API_SERVICE = ApiDocuments.VERSION + "." + ApiDocuments.GROUP;
    /** The Endpoints port must have the Service port's name: the API server matches them by it. */
    static final String PORT_NAME = "https";

    static final int SERVICE_PORT = 443;
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String PLATFORM = "cengjiyun";
    static final String INSTANCE = "cengjiyun.io/instance";

    static final ResourceDefinitionContext API_SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("apiregistration.k8s.io")
            .withVersion("v1")
            .withKind("APIService")
            .withPlural("apiservices")
            .withNamespaced(false)
            .build();

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private RegistrationObjects() {}

    /** The names the API server may dial the Service by: what the serving certificate must cover. */
    static List<String> dnsNames() {
        return List.of(
                NAME + "." + NAMESPACE + ".svc",
                NAME + "." + NAMESPACE + ".svc.cluster.local",
                NAME + "." + NAMESPACE,
                NAME);
    }

    static Service service(String instance) {
        ServicePort port = new ServicePort();
        port.setName(PORT_NAME);
        port.setProtocol("TCP");
        port.setPort(SERVICE_PORT);
        ServiceSpec spec = new ServiceSpec();
        spec.setType("ClusterIP");
        spec.setPorts(List.of(port));
        Service service = new Service();
        service.setApiVersion("v1");
        service.setKind("Service");
        service.setMetadata(meta(NAME, NAMESPACE, instance));
        service.setSpec(spec);
        return service;
    }

    static Endpoints endpoints(String instance, String address, int port) {
        EndpointAddress ip = new EndpointAddress();
        ip.setIp(address);
        EndpointPort p = new EndpointPort();
        p.setName(PORT_NAME);
        p.setProtocol("TCP");
        p.setPort(port);
        EndpointSubset subset = new EndpointSubset();
        subset.setAddresses(List.of(ip));
        subset.setPorts(List.of(p));
        Endpoints endpoints = new Endpoints();
        endpoints.setApiVersion("v1");
        endpoints.setKind("Endpoints");
        endpoints.setMetadata(meta(NAME, NAMESPACE, instance));
        endpoints.setSubsets(List.of(subset));
        return endpoints;
    }

    static GenericKubernetesResource apiService(String instance, String caPem) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("namespace", NAMESPACE);
        service.put("name", NAME);
        service.put("port", SERVICE_PORT);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("group", ApiDocuments.GROUP);
        spec.put("version", ApiDocuments.VERSION);
        spec.put("service", service);
        spec.put("caBundle", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
        spec.put("groupPriorityMinimum", 100);
        spec.put("versionPriority", 100);
        GenericKubernetesResource apiService = new GenericKubernetesResource();
        apiService.setApiVersion("apiregistration.k8s.io/v1");
        apiService.setKind("APIService");
        apiService.setMetadata(meta(API_SERVICE, null, instance));
        apiService.setAdditionalProperty("spec", spec);
        return apiService;
    }

    /** The merge patch of the fields the platform owns on the APIService: its labels, annotations and spec. */
    static String ownedFields(GenericKubernetesResource apiService) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("labels", apiService.getMetadata().getLabels());
        metadata.put("annotations", apiService.getMetadata().getAnnotations());
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("metadata", metadata);
        patch.put("spec", apiService.getAdditionalProperties().get("spec"));
        try {
            return JSON.writeValueAsString(patch);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the APIService's patch", e);
        }
    }

    /** True if the platform made it (any runtime of it). */
    static boolean platforms(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && PLATFORM.equals(labels.get(MANAGED_BY));
    }

    /** The runtime that put it there, null if none says. */
    static String instanceOf(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(INSTANCE);
    }

    /** True if the APIService's Available condition is True: the runtime behind it answers. */
    @SuppressWarnings("unchecked")
    static boolean available(GenericKubernetesResource apiService) {
        Object status = apiService.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        for (Object c : conditions) {
            if (c instanceof Map<?, ?> condition
                    && "Available".equals(condition.get("type"))
                    && "True".equals(condition.get("status"))) {
                return true;
            }
        }
        return false;
    }

    private static ObjectMeta meta(String name, String namespace, String instance) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setLabels(Map.of(MANAGED_BY, PLATFORM));
        meta.setAnnotations(Map.of(INSTANCE, instance));
        return meta;
    }
}
