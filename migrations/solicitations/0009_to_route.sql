-- A received request the team tried to validate while no expert of the directory covered it stays on the desk
-- « À orienter », with the reason, instead of being validated and routed to nobody. Cleared once it is validated.
alter table solicitations.solicitation
    add column to_route_reason text,
    add column to_route_at     timestamptz;
