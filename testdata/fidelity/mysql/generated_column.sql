-- Generated columns, stored and virtual, with a string literal, a function the
-- server renames (upper: ucase) and an index on a virtual column.
CREATE TABLE people (
    id int NOT NULL PRIMARY KEY,
    first varchar(50),
    last varchar(50),
    full_name varchar(101) AS (concat(first, ' ', last)) STORED,
    twice int GENERATED ALWAYS AS (id * 2) VIRTUAL,
    shout varchar(50) AS (upper(first)) VIRTUAL COMMENT 'loud',
    KEY people_twice (twice)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
