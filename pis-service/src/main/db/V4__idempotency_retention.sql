-- Idempotency-Keys are forgotten after openbank.pis.idempotency-retention (7 days by default).
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
