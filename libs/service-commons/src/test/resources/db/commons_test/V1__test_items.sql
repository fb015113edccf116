CREATE TABLE item (id text PRIMARY KEY, status text NOT NULL);
