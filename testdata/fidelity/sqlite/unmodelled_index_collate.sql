-- expect-error: the collation of entry "created COLLATE NOCASE" of index "events_created"
CREATE TABLE events (id INTEGER PRIMARY KEY, created TEXT);
CREATE INDEX events_created ON events (created COLLATE NOCASE);
