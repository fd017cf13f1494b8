-- AUTOINCREMENT (with its sqlite_sequence row), an INTEGER PRIMARY KEY declared
-- without NOT NULL, a nullable TEXT primary key, and declared types kept
-- verbatim (INT, DATETIME, DECIMAL(5,2), lower-case integer).
CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, customer TEXT, total INT, at DATETIME, price DECIMAL(5,2));
CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT);
CREATE TABLE notes (id integer primary key, body text NOT NULL);
CREATE TABLE pairs (a TEXT, b INT NOT NULL, PRIMARY KEY (a, b));
