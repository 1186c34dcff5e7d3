-- Config maps and secrets still go with their appmap, deleted by the store by key just before it, not by ON DELETE
-- CASCADE: Derby runs a cascade with an exclusive lock on the whole volume_configs table, which held up every other
-- writer and led to lock timeouts (40XL1) under concurrent deletes of appmaps. See the store's References.
ALTER TABLE volume_configs DROP CONSTRAINT volume_configs_appmap_fk;

ALTER TABLE volume_configs ADD CONSTRAINT volume_configs_appmap_fk FOREIGN KEY (service, appmap)
    REFERENCES appmaps (service, name);
