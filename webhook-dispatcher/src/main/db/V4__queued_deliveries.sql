-- Per-object order by a queue instead of a check at every claim: of one object's deliveries to one
-- URL at most one is active (pending or delivering); the later ones are 'queued' and the earliest
-- of them becomes pending when the active one ends. A claim then reads only pending rows, so its
-- cost no longer grows with the backlog behind busy objects.
UPDATE delivery c SET status = 'queued'
 WHERE c.status = 'pending'
   AND EXISTS (SELECT 1 FROM delivery o WHERE o.url = c.url AND o.aggregate_id = c.aggregate_id
               AND o.seq < c.seq AND o.status IN ('pending', 'delivering'));
DROP INDEX delivery_order;
CREATE INDEX delivery_object ON delivery (url, aggregate_id, seq)
 WHERE status IN ('queued', 'pending', 'delivering');
