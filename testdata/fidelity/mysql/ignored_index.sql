-- expect-error: ignored by the optimizer
-- An index the optimizer ignores (MariaDB 10.6+ IGNORED, MySQL 8 INVISIBLE) is
-- not modelled, so migrate must stop.
CREATE TABLE lookups (
    id int NOT NULL PRIMARY KEY,
    code varchar(20),
    KEY lookups_code (code) IGNORED
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
