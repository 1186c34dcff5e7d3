-- The image registries of the services: where their images are, with the credentials to pull them (the password
-- sealed with AES-GCM by the bundle). A registry goes with its service: the store deletes its rows by key just before
-- the service (no ON DELETE CASCADE: see the store's References).
CREATE TABLE registries (
    service     VARCHAR(63)   NOT NULL,
    name        VARCHAR(63)   NOT NULL,
    address     VARCHAR(255)  NOT NULL,
    username    VARCHAR(255)  NOT NULL,
    password    TEXT          NOT NULL,
    ca          TEXT,
    version     BIGINT        NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    updated_at  TIMESTAMP     NOT NULL,
    updated_by  VARCHAR(64)   NOT NULL,
    CONSTRAINT registries_pk PRIMARY KEY (service, name),
    CONSTRAINT registries_service_fk FOREIGN KEY (service) REFERENCES services (name)
);
