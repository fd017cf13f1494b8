-- CHECK constraints the server rewrites (keywords, quoting, introducers), on
-- a column and on the table.
CREATE TABLE orders (
    id int NOT NULL PRIMARY KEY,
    qty int CONSTRAINT orders_qty CHECK (qty > 0),
    status varchar(10) NOT NULL,
    price decimal(10,2),
    CONSTRAINT orders_status CHECK (status IN ('new', 'paid') AND `price` >= 0 OR status = _utf8mb4'void')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
