-- What stop remembered of a server goes with its appmap (and so with its service): the store deletes these rows by
-- key just before the appmap, as it does for every table that references appmaps (the store's References), in the
-- same transaction. Before, an appmap's or a service's cascade left them behind, and a new server of the same name
-- started stopped. A single server's delete still forgets its row itself (a server's row may go while its cluster
-- does not answer, so there is no key to servers).
DELETE FROM stopped_servers WHERE NOT EXISTS
    (SELECT 1 FROM appmaps a WHERE a.service = stopped_servers.service AND a.name = stopped_servers.appmap);

ALTER TABLE stopped_servers ADD CONSTRAINT stopped_servers_appmap_fk FOREIGN KEY (service, appmap)
    REFERENCES appmaps (service, name);
