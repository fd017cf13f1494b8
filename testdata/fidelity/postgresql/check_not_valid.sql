-- A CHECK added NOT VALID stays NOT VALID (existing rows unchecked).
CREATE TABLE cnv (id int PRIMARY KEY, qty int);
ALTER TABLE cnv ADD CONSTRAINT cnv_qty_pos CHECK (qty > 0) NOT VALID;
