/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpec;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks the caller's cluster, with a SubjectAccessReview, whether the caller may get or list the metrics. */
final class SubjectAccessReviewer implements AccessReviews.Reviewer {
    private final ClusterRegistry clusters;

    SubjectAccessReviewer(ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    @Override
    public AccessReviews.Decision review(String cluster, Caller caller, ApiPath path) {
        SubjectAccessReview answer = clusters.connection(cluster)
                .client()
                .authorization()
                .v1()
                .subjectAccessReview()
                .create(review(caller, path));
        SubjectAccessReviewStatus status = answer.getStatus();
        boolean allowed = status != null && Boolean.TRUE.equals(status.getAllowed());
        String reason = status == null ? null : status.getReason();
        if (status != null
                && status.getEvaluationError() != null
                && !status.getEvaluationError().isBlank()) {
            reason = (reason == null ? "" : reason + "; ") + status.getEvaluationError();
        }
        return new AccessReviews.Decision(allowed, reason);
    }

    static SubjectAccessReview review(Caller caller, ApiPath path) {
        ResourceAttributes attributes = new ResourceAttributes();
        attributes.setGroup(ApiDocuments.GROUP);
        attributes.setVersion(ApiDocuments.VERSION);
        attributes.setResource(path.resource());
        attributes.setVerb(path.verb());
        attributes.setNamespace(path.namespace());
        attributes.setName(path.name());
        SubjectAccessReviewSpec spec = new SubjectAccessReviewSpec();
        spec.setUser(caller.user());
        spec.setGroups(caller.groups());
        Map<String, List<String>> extra = new LinkedHashMap<>(caller.extra());
        spec.setExtra(extra);
        spec.setResourceAttributes(attributes);
        SubjectAccessReview review = new SubjectAccessReview();
        review.setApiVersion("authorization.k8s.io/v1");
        review.setKind("SubjectAccessReview");
        review.setSpec(spec);
        return review;
    }
}
