-- expect-error: INVISIBLE
-- An invisible column (MariaDB 10.3+, MySQL 8.0.23+) is not modelled, so
-- migrate must stop.
CREATE TABLE secrets (
    id int NOT NULL PRIMARY KEY,
    token varchar(40) INVISIBLE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
