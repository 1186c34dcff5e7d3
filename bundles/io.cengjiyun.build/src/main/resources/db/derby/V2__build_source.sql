-- Where a build's context came from: "upload" (a tar.gz sent with the request) or "git <url> at <ref>: commit <id>".
ALTER TABLE builds ADD COLUMN source VARCHAR(2400);
