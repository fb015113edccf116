-- One delivery per event, enforced (and found) by an index: a redelivered event is a no-op.
CREATE UNIQUE INDEX delivery_event ON delivery (event_id);
