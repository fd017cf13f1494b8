CREATE TABLE film (id int PRIMARY KEY, title text NOT NULL, year int);
CREATE VIEW recent_film AS SELECT id, title FROM film WHERE year > 2000;
COMMENT ON VIEW recent_film IS 'films after 2000';
CREATE VIEW recent_title AS SELECT title FROM recent_film ORDER BY title;
CREATE FUNCTION recent_film_insert() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO film VALUES (NEW.id, NEW.title, 2001); RETURN NEW; END$$;
CREATE TRIGGER recent_film_insert INSTEAD OF INSERT ON recent_film FOR EACH ROW EXECUTE FUNCTION recent_film_insert();
