-- Each rollout of a server: what started it (the action, who, when) and how it ended (done or failed, when, why).
-- No foreign key: the rows of a server go when it is deleted (the server's DELETED event), as do those of a deleted
-- appmap or service.
CREATE TABLE rollouts (
    id              BIGINT         GENERATED ALWAYS AS IDENTITY,
    service         VARCHAR(63)    NOT NULL,
    appmap          VARCHAR(63)    NOT NULL,
    server          VARCHAR(63)    NOT NULL,
    revision        BIGINT         NOT NULL,
    action          VARCHAR(20)    NOT NULL,
    actor           VARCHAR(100)   NOT NULL,
    started_at      TIMESTAMP      NOT NULL,
    ended_at        TIMESTAMP,
    result          VARCHAR(10),
    cause           VARCHAR(1000),
    CONSTRAINT rollouts_pk PRIMARY KEY (id)
);
CREATE INDEX rollouts_server ON rollouts (service, appmap, server);
