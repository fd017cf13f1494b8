CREATE FUNCTION _concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT CASE WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END$$;
CREATE AGGREGATE concat_all(text) (SFUNC = _concat, STYPE = text);
CREATE TABLE tag (id int PRIMARY KEY, name text);
CREATE VIEW tag_list AS SELECT concat_all(name) AS names FROM tag;
