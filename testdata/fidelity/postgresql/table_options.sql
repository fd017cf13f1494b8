-- expect-error: UNLOGGED
CREATE UNLOGGED TABLE scratch (id int PRIMARY KEY, payload text);
