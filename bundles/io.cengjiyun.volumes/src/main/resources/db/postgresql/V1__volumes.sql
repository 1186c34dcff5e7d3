-- The config maps and secrets of the appmaps: the stored copy of what is applied to each appmap's namespace.
-- A secret's data is sealed (AES-GCM) by the bundle; a config map's is JSON. They go with their appmap.
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
