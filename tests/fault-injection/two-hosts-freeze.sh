#!/usr/bin/env bash
# Two hosts on one PostgreSQL; host A is frozen (SIGSTOP) for a minute right after a burst of partner API requests, while
# host B keeps taking requests. Then A resumes. Prints, per phase, how many requests were accepted, how many requesters
# got their e-mail, how long it took, and any e-mail sent twice. The README's « Plusieurs serveurs » section explains it.
#
# Needs: an empty database the hosts may fill (psql reaches it through PGHOST, PGPORT, PGUSER, PGDATABASE; no password
# prompt), dotnet, curl. Usage: PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGDATABASE=pde_two_hosts tests/fault-injection/two-hosts-freeze.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

FREEZE_SECONDS=${FREEZE_SECONDS:-60}
LEASE=${LEASE:-00:00:20}
work=$(mktemp -d)
mkdir -p "$work/mail"
dll=Host/bin/Release/net10.0/PdE.Host.dll
dotnet build -c Release Host > "$work/build.log"

export ConnectionStrings__Default="Host=${PGHOST};Port=${PGPORT:-5432};Username=${PGUSER};Database=${PGDATABASE}"
export Demo__Seed=true Demo__Requests=false CompanyRegistry__Mode=offline Mail__PickupDirectory="$work/mail" Outbox__Lease="$LEASE"
export RateLimits__PartnerApiPerMinute=100000 RateLimits__RequestsPerEmailPerHour=100000 ASPNETCORE_ENVIRONMENT=Production
dotnet "$dll" migrate > "$work/migrate.log"

ASPNETCORE_URLS=http://127.0.0.1:5181 dotnet "$dll" > "$work/a.log" 2>&1 & a=$!
ASPNETCORE_URLS=http://127.0.0.1:5182 dotnet "$dll" > "$work/b.log" 2>&1 & b=$!
trap 'kill -CONT $a 2>/dev/null || true; kill $a $b 2>/dev/null || true' EXIT
for port in 5181 5182; do
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/health/ready" > /dev/null && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/health/ready" > /dev/null || { echo "host on $port not ready after 60 s"; exit 1; }
done

# A partner key of the CCI whose secret the script knows ("pde_" and 43 base64url characters).
key="pde_$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"
psql -qAt -c "insert into solicitations.partner_api_key (id, institution_id, institution_name, label, key_prefix, secret_hash, created_by, created_at, expires_at)
  select gen_random_uuid(), i.id, i.name, 'Essai deux serveurs', left('$key', 12), sha256(convert_to('$key', 'UTF8')), 'two-hosts-freeze.sh', now(), now() + interval '1 day'
  from directory.institution i where i.slug = 'cci'" > /dev/null

post() { # $1 port, $2 requester number; prints the submission instant (epoch ms) and the HTTP status
  local started status
  started=$(date +%s%3N)
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$1/api/v1/solicitations" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"contact\":{\"fullName\":\"Essai $2\",\"email\":\"essai-$2@example.fr\",\"phone\":\"06 12 34 56 78\"},\"siret\":\"73282932000074\",\"subject\":\"financer-projet\",\"description\":\"Demande d'essai numéro $2 pendant le gel d'un serveur.\",\"answers\":{\"financement-bancaire\":true,\"projet-demarre\":false}}")
  echo "$2 $1 $started $status" >> "$work/requests.txt"
}

: > "$work/requests.txt"
for n in $(seq 1 20); do post 5181 "$n"; done            # a burst on A, whose outbox is busy with it when it freezes
kill -STOP $a
frozen_at=$(date +%s%3N)
for n in $(seq 21 50); do post 5182 "$n"; sleep $(awk "BEGIN { print $FREEZE_SECONDS / 30 }"); done
kill -CONT $a
resumed_at=$(date +%s%3N)
sleep 40

# Every e-mail, by requester, with the instant it was written.
for f in "$work"/mail/*.eml; do
  to=$(grep -m1 -io 'essai-[0-9]*@example.fr' "$f" || true)
  if [ -n "$to" ]; then echo "${to%%@*} $(date -r "$f" +%s%3N)"; fi
done | sed 's/essai-//' > "$work/emails.txt"

echo "host A frozen $((FREEZE_SECONDS)) s (outbox lease $LEASE); logs and e-mails in $work"
awk -v frozen="$frozen_at" -v resumed="$resumed_at" '
  FNR == NR { port[$1] = $2; at[$1] = $3; status[$1] = $4; next }
  { count[$1]++; if (!($1 in first) || $2 < first[$1]) first[$1] = $2 }
  END {
    for (n in port) {
      phase = port[n] == 5181 ? "before the freeze, on A" : "during the freeze, on B";
      requests[phase]++; if (status[n] == 201) accepted[phase]++;
      if (n in count) { mailed[phase]++; wait = first[n] - at[n]; if (wait > longest[phase]) longest[phase] = wait; total[phase] += wait; if (count[n] > 1) twice[phase]++ }
    }
    for (phase in requests)
      printf "%s: %d requests, %d accepted (201), %d requesters e-mailed, %d e-mailed more than once, wait for the e-mail: mean %.1f s, longest %.1f s\n",
        phase, requests[phase], accepted[phase], mailed[phase], twice[phase], mailed[phase] ? total[phase] / mailed[phase] / 1000 : 0, longest[phase] / 1000;
    printf "host A stayed frozen %.1f s\n", (resumed - frozen) / 1000;
  }' "$work/requests.txt" "$work/emails.txt"
for schema in solicitations matching directory notifications stats; do
  left=$(psql -qAt -c "select count(*) from $schema.outbox_message where processed_at is null" 2>/dev/null || echo "-")
  echo "outbox events of $schema still undelivered: $left"
done
