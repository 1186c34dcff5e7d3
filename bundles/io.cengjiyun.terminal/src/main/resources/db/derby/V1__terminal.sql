-- Terminal sessions as audited (who, where, when, bytes each way, why it ended) with their transcript when the
-- service keeps them; no foreign key: like the audit log, they outlive the servers and users they name.
CREATE TABLE terminal_sessions (
    id              VARCHAR(32)   NOT NULL,
    username        VARCHAR(64)   NOT NULL,
    address         VARCHAR(64),
    service         VARCHAR(63)   NOT NULL,
    appmap          VARCHAR(63)   NOT NULL,
    server          VARCHAR(63)   NOT NULL,
    pod             VARCHAR(253)  NOT NULL,
    container       VARCHAR(63)   NOT NULL,
    shell           VARCHAR(10),
    started_at      TIMESTAMP     NOT NULL,
    ended_at        TIMESTAMP,
    bytes_in        BIGINT        NOT NULL,
    bytes_out       BIGINT        NOT NULL,
    end_reason      VARCHAR(500),
    transcript      CLOB(16M),
    CONSTRAINT terminal_sessions_pk PRIMARY KEY (id)
);

CREATE INDEX terminal_sessions_service_ix ON terminal_sessions (service, started_at);

-- A service's terminal settings; deleted with the service (by key, by the store: no cascade).
CREATE TABLE terminal_settings (
    service             VARCHAR(63)   NOT NULL,
    record_transcripts  BOOLEAN       NOT NULL,
    updated_at          TIMESTAMP     NOT NULL,
    updated_by          VARCHAR(64)   NOT NULL,
    CONSTRAINT terminal_settings_pk PRIMARY KEY (service),
    CONSTRAINT terminal_settings_service_fk FOREIGN KEY (service) REFERENCES services (name)
);
