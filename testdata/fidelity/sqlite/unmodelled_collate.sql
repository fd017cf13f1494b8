-- expect-error: COLLATE NOCASE on column "name"
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE);
