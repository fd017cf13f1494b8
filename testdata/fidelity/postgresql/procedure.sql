CREATE TABLE audit (id serial PRIMARY KEY, note text);
CREATE PROCEDURE add_note(IN n text) LANGUAGE sql AS $$INSERT INTO audit (note) VALUES (n)$$;
