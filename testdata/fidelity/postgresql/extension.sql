CREATE EXTENSION pg_trgm;
COMMENT ON EXTENSION pg_trgm IS 'trigram matching';
CREATE TABLE word (id int PRIMARY KEY, w text NOT NULL);
CREATE INDEX word_trgm ON word USING gin (w gin_trgm_ops);
