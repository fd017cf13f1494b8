-- Tables whose keys are declared NOT NULL, indexes, and a composite primary key.
CREATE TABLE authors (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new'
);
CREATE TABLE tags (
    book INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (book, tag)
);
CREATE INDEX authors_name ON authors (name);
