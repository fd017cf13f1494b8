CREATE TABLE s (id serial PRIMARY KEY, big bigserial, name text);
