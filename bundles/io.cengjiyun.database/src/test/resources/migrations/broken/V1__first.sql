-- A comment line, then a statement over several lines.
CREATE TABLE first_table (
    id    INTEGER NOT NULL PRIMARY KEY,
    label VARCHAR(20)
);
INSERT INTO first_table (id, label) VALUES (1, 'one');
