-- A SPATIAL index (InnoDB R-tree) on a geometry column.
CREATE TABLE places (
    id int NOT NULL PRIMARY KEY,
    pos point NOT NULL,
    SPATIAL KEY places_pos (pos)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
