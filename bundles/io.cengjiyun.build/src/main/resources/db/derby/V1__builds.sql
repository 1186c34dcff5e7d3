-- The image builds of the services: what was asked, how it went, and its output (the last 256 KiB). A build goes
-- with its service: the store deletes its rows by key just before the service (no ON DELETE CASCADE).
CREATE TABLE builds (
    id           VARCHAR(32)   NOT NULL,
    service      VARCHAR(63)   NOT NULL,
    appmap       VARCHAR(63)   NOT NULL,
    registry     VARCHAR(63)   NOT NULL,
    repository   VARCHAR(255)  NOT NULL,
    tag          VARCHAR(128)  NOT NULL,
    image        VARCHAR(600)  NOT NULL,
    dockerfile   VARCHAR(255)  NOT NULL,
    args         CLOB          NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    digest       VARCHAR(100),
    failed_step  VARCHAR(1000),
    message      VARCHAR(4000),
    build_output CLOB,
    created_at   TIMESTAMP     NOT NULL,
    started_at   TIMESTAMP,
    ended_at     TIMESTAMP,
    created_by   VARCHAR(64)   NOT NULL,
    CONSTRAINT builds_pk PRIMARY KEY (id),
    CONSTRAINT builds_service_fk FOREIGN KEY (service) REFERENCES services (name)
);
CREATE INDEX builds_service ON builds (service, created_at);
