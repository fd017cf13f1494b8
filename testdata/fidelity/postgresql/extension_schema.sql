-- expect-error: schema "ext" does not exist
CREATE SCHEMA ext;
CREATE EXTENSION btree_gist SCHEMA ext;
CREATE TABLE slot (id int PRIMARY KEY, room int NOT NULL);
CREATE INDEX slot_room ON slot USING gist (room ext.gist_int4_ops);
