CREATE TABLE note (id int PRIMARY KEY, owner text NOT NULL);
CREATE POLICY own_notes ON note FOR SELECT TO PUBLIC USING (owner = current_user);
CREATE POLICY no_empty ON note AS RESTRICTIVE FOR INSERT WITH CHECK (owner <> '');
