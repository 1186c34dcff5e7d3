-- Registered clusters (the kubeconfig encrypted with the platform's key) and their allotments to services.
-- An allotment goes with its service; a cluster with allotments cannot be removed.

CREATE TABLE clusters (
    name            VARCHAR(63)    NOT NULL,
    server          VARCHAR(1000)  NOT NULL,
    kubeconfig      TEXT           NOT NULL,
    created_at      TIMESTAMP      NOT NULL,
    updated_at      TIMESTAMP      NOT NULL,
    CONSTRAINT clusters_pk PRIMARY KEY (name)
);

CREATE TABLE allotments (
    service         VARCHAR(63)    NOT NULL,
    cluster         VARCHAR(63)    NOT NULL,
    cpu             VARCHAR(32),
    memory          VARCHAR(32),
    pods            INTEGER,
    storage         VARCHAR(32),
    CONSTRAINT allotments_pk PRIMARY KEY (service, cluster),
    CONSTRAINT allotments_service_fk FOREIGN KEY (service) REFERENCES services (name) ON DELETE CASCADE,
    CONSTRAINT allotments_cluster_fk FOREIGN KEY (cluster) REFERENCES clusters (name)
);
