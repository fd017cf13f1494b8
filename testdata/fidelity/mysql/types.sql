-- Column types migrate models on MySQL/MariaDB.
CREATE TABLE all_types (
    id bigint NOT NULL PRIMARY KEY,
    i int NOT NULL,
    s smallint,
    t text,
    v varchar(40),
    c char(3),
    n decimal(12,2),
    f double,
    b tinyint(1),
    d date,
    dt datetime,
    ts timestamp NULL,
    j longtext,
    bin blob,
    vb varbinary(16)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
