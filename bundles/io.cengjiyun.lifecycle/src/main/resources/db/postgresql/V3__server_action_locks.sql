-- Issue 23: one action at a time per server across replicas on one PostgreSQL. A row is an action under way: the
-- replica's token and the time the lock runs out (a replica killed in the middle leaves its row; another takes it
-- over once it ran out). The row goes when the action ends. Embedded Derby has one runtime: its table stays empty.
CREATE TABLE server_action_locks (
    service     VARCHAR(63)    NOT NULL,
    appmap      VARCHAR(63)    NOT NULL,
    server      VARCHAR(63)    NOT NULL,
    holder      VARCHAR(100)   NOT NULL,
    action      VARCHAR(40)    NOT NULL,
    until       TIMESTAMP      NOT NULL,
    CONSTRAINT server_action_locks_pk PRIMARY KEY (service, appmap, server)
);
