-- What stop remembered of a server, so that start restores exactly that. No foreign key: a server's row may be
-- deleted with its definition while the cluster is unreachable; the lifecycle removes its memory on delete.
CREATE TABLE stopped_servers (
    service         VARCHAR(63)    NOT NULL,
    appmap          VARCHAR(63)    NOT NULL,
    server          VARCHAR(63)    NOT NULL,
    replicas        INTEGER,
    autoscaler      BOOLEAN        NOT NULL,
    stopped_at      TIMESTAMP      NOT NULL,
    CONSTRAINT stopped_servers_pk PRIMARY KEY (service, appmap, server)
);
