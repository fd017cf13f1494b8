-- Generated columns, virtual (the default and written out) and stored, one
-- NOT NULL and indexed, with an expression holding a string and a function.
CREATE TABLE lines (
    id INTEGER PRIMARY KEY,
    qty INT,
    price REAL,
    total REAL AS (qty * price),
    label TEXT NOT NULL GENERATED ALWAYS AS ('line ' || id) STORED,
    upper_label TEXT GENERATED ALWAYS AS (upper(label)) VIRTUAL
);
CREATE INDEX lines_total ON lines (total);
