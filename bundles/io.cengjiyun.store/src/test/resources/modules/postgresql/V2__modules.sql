-- The other bundles' V2 migrations (members, allotments and volume_configs without ON DELETE CASCADE), as V1__modules.sql.
ALTER TABLE members DROP CONSTRAINT members_service_fk;

ALTER TABLE members ADD CONSTRAINT members_service_fk FOREIGN KEY (service) REFERENCES services (name);

ALTER TABLE allotments DROP CONSTRAINT allotments_service_fk;

ALTER TABLE allotments ADD CONSTRAINT allotments_service_fk FOREIGN KEY (service) REFERENCES services (name);

ALTER TABLE volume_configs DROP CONSTRAINT volume_configs_appmap_fk;

ALTER TABLE volume_configs ADD CONSTRAINT volume_configs_appmap_fk FOREIGN KEY (service, appmap)
    REFERENCES appmaps (service, name);
