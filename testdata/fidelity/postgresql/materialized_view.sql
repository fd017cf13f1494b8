CREATE TABLE sale (id int PRIMARY KEY, region text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE MATERIALIZED VIEW sale_per_region AS SELECT region, sum(amount) AS total FROM sale GROUP BY region;
CREATE UNIQUE INDEX sale_per_region_region ON sale_per_region (region);
COMMENT ON MATERIALIZED VIEW sale_per_region IS 'totals';
