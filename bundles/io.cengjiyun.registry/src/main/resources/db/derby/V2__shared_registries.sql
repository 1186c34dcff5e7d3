-- A registry shared with other services of the platform: their members read it, browse it and pull from it (its pull
-- secret is written into their appmaps' namespaces too); only its own service's administrators change it. The names of
-- those services between commas, ",blog,docs,", so that a LIKE finds one exactly; NULL: shared with none.
ALTER TABLE registries ADD COLUMN shared_with VARCHAR(4000);
