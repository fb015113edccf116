-- Room for the 13 integer digits Amounts allows, with up to 3 decimals (e.g. BHD).
ALTER TABLE link ALTER COLUMN amount TYPE numeric(16, 3);
