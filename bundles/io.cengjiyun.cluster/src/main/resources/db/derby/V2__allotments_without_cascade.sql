-- Allotments still go with their service, deleted by the store by key just before it, not by ON DELETE CASCADE:
-- Derby runs a cascade with an exclusive lock on the whole allotments table, which held up every other writer and
-- led to lock timeouts (40XL1) under concurrent deletes of services. See the store's References.
ALTER TABLE allotments DROP CONSTRAINT allotments_service_fk;

ALTER TABLE allotments ADD CONSTRAINT allotments_service_fk FOREIGN KEY (service) REFERENCES services (name);
