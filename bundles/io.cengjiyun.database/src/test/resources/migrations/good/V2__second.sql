CREATE TABLE second_table (id INTEGER NOT NULL PRIMARY KEY, first_id INTEGER NOT NULL REFERENCES first_table (id));
INSERT INTO second_table (id, first_id) VALUES (1, 1);
