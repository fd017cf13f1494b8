-- expect-error: generated
-- A generated column: its expression is not modelled, so migrate must stop.
CREATE TABLE people (
    id int NOT NULL PRIMARY KEY,
    first varchar(50),
    last varchar(50),
    full_name varchar(101) AS (concat(first, ' ', last)) STORED
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
