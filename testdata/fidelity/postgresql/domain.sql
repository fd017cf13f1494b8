CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN short_text AS varchar(20) COLLATE "C" DEFAULT 'x' NOT NULL;
COMMENT ON DOMAIN year IS 'a year';
CREATE TABLE event (id int PRIMARY KEY, y year, label short_text);
