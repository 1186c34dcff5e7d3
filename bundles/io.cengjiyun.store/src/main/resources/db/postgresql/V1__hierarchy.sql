-- The hierarchy: services > appmaps > servers > revisions.
-- Natural keys: names never change, and every read is a lookup or a range scan of one primary key.
-- Times are UTC. Revisions belong to their server (ON DELETE CASCADE); appmaps and servers do not
-- cascade, so that deleting a parent with children is refused unless the store deletes them itself.

CREATE TABLE services (
    name          VARCHAR(63)   NOT NULL,
    display_name  VARCHAR(100),
    description   VARCHAR(2000),
    version       BIGINT        NOT NULL,
    created_at    TIMESTAMP     NOT NULL,
    updated_at    TIMESTAMP     NOT NULL,
    CONSTRAINT services_pk PRIMARY KEY (name)
);

CREATE TABLE appmaps (
    service       VARCHAR(63)   NOT NULL,
    name          VARCHAR(63)   NOT NULL,
    cluster       VARCHAR(63)   NOT NULL,
    namespace     VARCHAR(63),
    environment   VARCHAR(63),
    quota_cpu     VARCHAR(64),
    quota_memory  VARCHAR(64),
    quota_pods    INTEGER,
    quota_storage VARCHAR(64),
    version       BIGINT        NOT NULL,
    created_at    TIMESTAMP     NOT NULL,
    updated_at    TIMESTAMP     NOT NULL,
    CONSTRAINT appmaps_pk PRIMARY KEY (service, name),
    CONSTRAINT appmaps_service_fk FOREIGN KEY (service) REFERENCES services (name)
);

CREATE TABLE servers (
    service       VARCHAR(63)   NOT NULL,
    appmap        VARCHAR(63)   NOT NULL,
    name          VARCHAR(63)   NOT NULL,
    kind          VARCHAR(20)   NOT NULL,
    definition    TEXT          NOT NULL,
    version       BIGINT        NOT NULL,
    created_at    TIMESTAMP     NOT NULL,
    updated_at    TIMESTAMP     NOT NULL,
    updated_by    VARCHAR(255),
    CONSTRAINT servers_pk PRIMARY KEY (service, appmap, name),
    CONSTRAINT servers_appmap_fk FOREIGN KEY (service, appmap) REFERENCES appmaps (service, name)
);

CREATE TABLE revisions (
    service       VARCHAR(63)   NOT NULL,
    appmap        VARCHAR(63)   NOT NULL,
    server        VARCHAR(63)   NOT NULL,
    revision      BIGINT        NOT NULL,
    author        VARCHAR(255),
    created_at    TIMESTAMP     NOT NULL,
    message       VARCHAR(2000),
    definition    TEXT          NOT NULL,
    CONSTRAINT revisions_pk PRIMARY KEY (service, appmap, server, revision),
    CONSTRAINT revisions_server_fk FOREIGN KEY (service, appmap, server)
        REFERENCES servers (service, appmap, name) ON DELETE CASCADE
);
