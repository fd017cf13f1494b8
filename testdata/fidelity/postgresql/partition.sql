CREATE TABLE measurement (id int NOT NULL, at date NOT NULL, v numeric, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE measurement_2026 PARTITION OF measurement FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE measurement_rest PARTITION OF measurement DEFAULT;
CREATE INDEX measurement_at ON measurement (at);
CREATE TABLE region_sale (region text NOT NULL, amount int) PARTITION BY LIST (region);
CREATE TABLE region_sale_eu PARTITION OF region_sale FOR VALUES IN ('eu', 'uk');
CREATE TABLE bucket (id int NOT NULL) PARTITION BY HASH (id);
CREATE TABLE bucket_0 PARTITION OF bucket FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE bucket_1 PARTITION OF bucket FOR VALUES WITH (MODULUS 2, REMAINDER 1);
