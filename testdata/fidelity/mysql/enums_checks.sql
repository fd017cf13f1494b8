-- ENUM columns and CHECK constraints.
CREATE TABLE tickets (
    id int NOT NULL PRIMARY KEY,
    state enum('open','closed') NOT NULL DEFAULT 'open',
    prio int,
    CONSTRAINT tickets_prio CHECK (prio BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
