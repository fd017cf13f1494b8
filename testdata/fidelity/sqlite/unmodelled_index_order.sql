-- expect-error: the sort order or collation of entry "created DESC" of index "events_created"
CREATE TABLE events (id INTEGER PRIMARY KEY, created TIMESTAMP);
CREATE INDEX events_created ON events (created DESC);
