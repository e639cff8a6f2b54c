-- veille store, schema version 9: why an event has a day that its own article did not give it.

-- JSON {"rule": …, "from": …}: the rule that inferred `inferred_date` (cluster.events.INFERENCE_RULES)
-- and the event cluster, news cluster or article it was read from; null when `inferred_date` is.
ALTER TABLE events ADD COLUMN inferred_reason TEXT;
