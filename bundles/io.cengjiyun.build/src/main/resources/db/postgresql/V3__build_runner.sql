-- Issue 23: which runtime runs a queued or running build (a token of its own, new at each start) and when it last said
-- it still does (every 15 s). Replicas share the database: the leader ends the builds of a runtime gone silent for a
-- minute, never those of a replica at work. Rows of before this script have neither: they are ended as before.
ALTER TABLE builds ADD COLUMN runner VARCHAR(64);
ALTER TABLE builds ADD COLUMN runner_seen_at TIMESTAMP;
