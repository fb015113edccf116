-- Which claim a delivery in flight belongs to: an attempt that outlived its lease cannot
-- overwrite the outcome of the replica that took the delivery over.
ALTER TABLE delivery ADD COLUMN claim uuid;
CREATE INDEX event_retention ON event (received_at);
CREATE INDEX delivery_retention ON delivery (updated_at) WHERE status IN ('succeeded', 'failed', 'dead');
