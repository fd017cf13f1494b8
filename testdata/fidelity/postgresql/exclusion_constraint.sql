CREATE EXTENSION btree_gist;
CREATE TABLE booking (id int PRIMARY KEY, room int NOT NULL, during tsrange, cancelled boolean NOT NULL DEFAULT false,
  CONSTRAINT booking_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (NOT cancelled));
CREATE TABLE slot (id int PRIMARY KEY, during tsrange, label text,
  CONSTRAINT slot_no_overlap EXCLUDE USING gist (during WITH &&, lower(label) gist_text_ops WITH =) DEFERRABLE INITIALLY DEFERRED);
COMMENT ON CONSTRAINT slot_no_overlap ON slot IS 'one label per period';
