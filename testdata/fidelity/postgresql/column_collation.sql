-- expect-error: COLLATE "C"
CREATE TABLE colc (id int PRIMARY KEY, name text COLLATE "C");
