-- A job asked for while the end user is present (their IP address sent to the bank as
-- PSU-IP-Address) is an attended read: the bank does not count it against frequencyPerDay, and
-- neither does ais-service. The address is kept with the job that used it.
ALTER TABLE job ADD COLUMN psu_ip_address text;
