-- expect-error: generated column "total"
CREATE TABLE lines (id INTEGER PRIMARY KEY, qty INT, price REAL, total REAL AS (qty * price));
