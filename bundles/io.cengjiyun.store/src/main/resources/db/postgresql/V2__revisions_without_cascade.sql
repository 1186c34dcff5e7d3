-- A server's revisions are deleted by the store itself, by key and before the server (ServerRows), instead of by
-- ON DELETE CASCADE: Derby runs a cascade with an exclusive lock on the whole revisions table, whichever rows it
-- deletes, so every delete of a server or service held up every writer of a revision until it committed; and a
-- transaction holding that table lock while Derby recompiled the statement (after refreshing its statistics)
-- waited on another's compilation that waited on the lock: a wait Derby cannot see as a deadlock, which ended in
-- lock timeouts (SQL state 40XL1). The foreign key stays, without the cascade.
ALTER TABLE revisions DROP CONSTRAINT revisions_server_fk;

ALTER TABLE revisions ADD CONSTRAINT revisions_server_fk FOREIGN KEY (service, appmap, server)
    REFERENCES servers (service, appmap, name);
