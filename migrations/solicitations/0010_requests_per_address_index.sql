-- The per-address limit of new requests (RateLimits:RequestsPerEmailPerHour) counts an address's requests of the last hour,
-- drafts included: the partial index on submitted requests could not serve it, and it read every row of the hour.
create index solicitation_email_created_idx on solicitations.solicitation (lower(email), created_at);
