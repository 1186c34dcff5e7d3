-- Single-use tickets for the clients that cannot send a token where they connect (a WebSocket from a browser or a
-- script): issued by an authenticated REST call for one scope (e.g. one server's terminal), valid for seconds, deleted
-- when used. Only their hash is kept. No foreign key: a ticket of a deleted user is refused when redeemed.
CREATE TABLE tickets (
    hash            VARCHAR(64)   NOT NULL,
    username        VARCHAR(64)   NOT NULL,
    scope           VARCHAR(400)  NOT NULL,
    expires_at      TIMESTAMP     NOT NULL,
    CONSTRAINT tickets_pk PRIMARY KEY (hash)
);

CREATE INDEX tickets_expires_ix ON tickets (expires_at);
