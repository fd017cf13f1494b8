-- Stored generated columns, with an expression the server rewrites (casts,
-- parentheses) and one on a NOT NULL column.
CREATE TABLE gen (
    id int PRIMARY KEY,
    twice int GENERATED ALWAYS AS (id * 2) STORED,
    label text NOT NULL GENERATED ALWAYS AS ('item-' || id::text) STORED,
    price numeric(10, 2),
    qty int,
    total numeric GENERATED ALWAYS AS (price * qty) STORED
);
