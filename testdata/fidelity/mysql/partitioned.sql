-- expect-error: partitioned
-- A partitioned table: partitioning is not modelled, so migrate must stop.
CREATE TABLE events (
    id int NOT NULL,
    at date NOT NULL,
    PRIMARY KEY (id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY RANGE (YEAR(at)) (PARTITION p0 VALUES LESS THAN (2020), PARTITION p1 VALUES LESS THAN MAXVALUE);
