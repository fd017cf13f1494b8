-- expect-error: system-versioned
-- A system-versioned table (MariaDB) is not modelled, so migrate must stop.
CREATE TABLE prices (
    id int NOT NULL PRIMARY KEY,
    amount decimal(10,2)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci WITH SYSTEM VERSIONING;
