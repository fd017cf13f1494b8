-- Declared column types migrate models on SQLite.
CREATE TABLE all_types (
    id INTEGER PRIMARY KEY,
    i INTEGER NOT NULL,
    t TEXT,
    v VARCHAR(40),
    n NUMERIC,
    f REAL,
    b BOOLEAN,
    d DATE,
    ts TIMESTAMP,
    bin BLOB
);
