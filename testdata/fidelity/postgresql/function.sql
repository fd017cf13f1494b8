CREATE TABLE item (id int PRIMARY KEY, price numeric(10,2) NOT NULL);
CREATE FUNCTION item_count(min_price numeric DEFAULT 0) RETURNS bigint LANGUAGE sql STABLE AS $$SELECT count(*) FROM item WHERE price >= min_price$$;
COMMENT ON FUNCTION item_count(numeric) IS 'items at or above a price';
CREATE FUNCTION all_items() RETURNS SETOF item LANGUAGE sql AS 'SELECT * FROM item';
CREATE FUNCTION double(x integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$BEGIN RETURN 2 * x; END$$;
CREATE FUNCTION double(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 2 * x';
