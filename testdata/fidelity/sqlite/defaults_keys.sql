-- Defaults, unique constraints, indexes, foreign keys and CHECKs.
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT authors_name_uq UNIQUE (name)
);
CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    pages INTEGER CHECK (pages > 0)
);
CREATE INDEX books_title ON books (title);
CREATE UNIQUE INDEX books_author_title ON books (author_id, title);
