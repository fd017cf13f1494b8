-- expect-error: exclusion constraint
CREATE TABLE booking (id int PRIMARY KEY, during tsrange, CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));
