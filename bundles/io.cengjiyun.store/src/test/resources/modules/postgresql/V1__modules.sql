-- The tables other bundles keep beside the hierarchy, copied from their migrations (db/postgresql/V1__*.sql of
-- io.cengjiyun.security, io.cengjiyun.cluster, io.cengjiyun.lifecycle and io.cengjiyun.volumes), so that a
-- store test sees the foreign keys that reference the hierarchy take part in its locking. Keep them alike.

CREATE TABLE users (
    name            VARCHAR(64)   NOT NULL,
    display_name    VARCHAR(100),
    password_hash   VARCHAR(200)  NOT NULL,
    platform_admin  BOOLEAN       NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    updated_at      TIMESTAMP     NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (name)
);

CREATE TABLE members (
    service         VARCHAR(63)   NOT NULL,
    username        VARCHAR(64)   NOT NULL,
    member_role     VARCHAR(10)   NOT NULL,
    terminal        BOOLEAN       NOT NULL,
    CONSTRAINT members_pk PRIMARY KEY (service, username),
    CONSTRAINT members_service_fk FOREIGN KEY (service) REFERENCES services (name) ON DELETE CASCADE,
    CONSTRAINT members_user_fk FOREIGN KEY (username) REFERENCES users (name) ON DELETE CASCADE
);

CREATE INDEX members_user_ix ON members (username);

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

CREATE TABLE stopped_servers (
    service         VARCHAR(63)    NOT NULL,
    appmap          VARCHAR(63)    NOT NULL,
    server          VARCHAR(63)    NOT NULL,
    replicas        INTEGER,
    autoscaler      BOOLEAN        NOT NULL,
    stopped_at      TIMESTAMP      NOT NULL,
    CONSTRAINT stopped_servers_pk PRIMARY KEY (service, appmap, server)
);

CREATE TABLE volume_configs (
    service          VARCHAR(63)   NOT NULL,
    appmap           VARCHAR(63)   NOT NULL,
    kind             VARCHAR(10)   NOT NULL,
    name             VARCHAR(63)   NOT NULL,
    data             TEXT          NOT NULL,
    restart_servers  BOOLEAN       NOT NULL,
    salt             VARCHAR(32)   NOT NULL,
    digest           VARCHAR(64)   NOT NULL,
    version          BIGINT        NOT NULL,
    created_at       TIMESTAMP     NOT NULL,
    updated_at       TIMESTAMP     NOT NULL,
    updated_by       VARCHAR(64)   NOT NULL,
    CONSTRAINT volume_configs_pk PRIMARY KEY (service, appmap, kind, name),
    CONSTRAINT volume_configs_appmap_fk FOREIGN KEY (service, appmap) REFERENCES appmaps (service, name) ON DELETE CASCADE
);
