-- Users, their API tokens, their memberships in services, and the audit log.
-- Tokens and memberships go with their user (ON DELETE CASCADE); memberships go with their service.
-- The audit log has no foreign key: its records outlive the users and services they name.

CREATE TABLE users (
    name            VARCHAR(64)   NOT NULL,
    display_name    VARCHAR(100),
    password_hash   VARCHAR(200)  NOT NULL,
    platform_admin  BOOLEAN       NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    updated_at      TIMESTAMP     NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (name)
);

CREATE TABLE tokens (
    id              VARCHAR(32)   NOT NULL,
    username        VARCHAR(64)   NOT NULL,
    name            VARCHAR(100)  NOT NULL,
    kind            VARCHAR(10)   NOT NULL,
    hash            VARCHAR(64)   NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    expires_at      TIMESTAMP,
    last_used_at    TIMESTAMP,
    CONSTRAINT tokens_pk PRIMARY KEY (id),
    CONSTRAINT tokens_hash_uq UNIQUE (hash),
    CONSTRAINT tokens_user_fk FOREIGN KEY (username) REFERENCES users (name) ON DELETE CASCADE
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

CREATE TABLE audit (
    id              BIGINT        GENERATED ALWAYS AS IDENTITY,
    happened_at     TIMESTAMP     NOT NULL,
    actor           VARCHAR(64)   NOT NULL,
    address         VARCHAR(64),
    verb            VARCHAR(10)   NOT NULL,
    target          VARCHAR(1000) NOT NULL,
    service         VARCHAR(63),
    status          INTEGER       NOT NULL,
    outcome         VARCHAR(10)   NOT NULL,
    detail          VARCHAR(1000),
    CONSTRAINT audit_pk PRIMARY KEY (id)
);

CREATE INDEX audit_at_ix ON audit (happened_at);
CREATE INDEX audit_service_ix ON audit (service, happened_at);
CREATE INDEX audit_actor_ix ON audit (actor, happened_at);
