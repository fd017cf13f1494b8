-- expect-error: has a comment
-- An index comment is not modelled, so migrate must stop.
CREATE TABLE notes (
    id int NOT NULL PRIMARY KEY,
    title varchar(100),
    KEY notes_title (title) COMMENT 'search by title'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
