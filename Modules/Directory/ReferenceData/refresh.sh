#!/usr/bin/env bash
# Regenerates the French reference data the Directory module embeds and loads at every start (ReferenceDataLoader).
#
# Sources (official data, Licence Ouverte / Apache-2.0), pinned here:
#   @etalab/decoupage-administratif 6.0.0  INSEE Code officiel géographique 2026, DGCL EPCI 2026, La Poste postal codes
#   @socialgouv/codes-naf           1.1.1  INSEE NAF rév. 2 (divisions to sous-classes; the sections are typed in below)
# To upgrade: change a version below, run this script, review `git diff --stat`, run the Directory tests, commit.
# The loader notices the new files by their hash and reloads only the datasets that changed.
#
# Output, one gzip'd TSV per dataset, header line first, sorted by code, no tabs or newlines inside values:
#   regions.tsv.gz       code, name, zone (metro | drom | com)
#   departements.tsv.gz  code, name, region_code, zone
#   epci.tsv.gz          code (SIREN), name, kind (CC | CA | CU | METRO | MET69)
#   communes.tsv.gz      code (INSEE), name, departement_code, region_code, epci_code, postal_codes (space separated),
#                        kind (COM | ARM), parent_code (the commune of an ARM)
#   naf.tsv.gz           code as INSEE writes it (56.10A), label, level, section_code, parent_code
set -euo pipefail

DECOUPAGE_VERSION="6.0.0"
CODES_NAF_VERSION="1.1.1"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
# npm pack only downloads the tarballs: no dependency tree, no install scripts (a plain npm install once hung here).
timeout 300 npm pack --silent --no-audit --no-fund --ignore-scripts \
    "@etalab/decoupage-administratif@$DECOUPAGE_VERSION" "@socialgouv/codes-naf@$CODES_NAF_VERSION" >/dev/null
mkdir decoupage naf
tar -xzf "etalab-decoupage-administratif-$DECOUPAGE_VERSION.tgz" -C decoupage
tar -xzf "socialgouv-codes-naf-$CODES_NAF_VERSION.tgz" -C naf

cat >convert.js <<'JS'
const fs = require("fs");
const data = "./decoupage/package/data";
const communes = require(`${data}/communes.json`);
const departements = require(`${data}/departements.json`);
const regions = require(`${data}/regions.json`);
const epcis = require(`${data}/epci.json`);
const naf = require("./naf/package/index.json");

function write(name, header, rows) {
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`${name}: ${row.join("|")} has ${row.length} fields`);
    for (const value of row) {
      if (/[\t\r\n]/.test(value)) throw new Error(`${name}: tab or newline in ${JSON.stringify(value)}`);
    }
  }
  fs.writeFileSync(`${name}.tsv`, [header, ...rows].map((r) => r.join("\t")).join("\n") + "\n");
  console.log(`${name}: ${rows.length} rows`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// The package also lists the collectivités d'outre-mer (zone "com": Saint-Pierre-et-Miquelon, Saint-Barthélemy,
// Saint-Martin, Polynésie...) as départements and régions. They are kept, flagged by zone, because SIRENE gives
// establishments there commune codes (97501, 97701, 97801...); queries wanting the 101 départements filter zone <> 'com'.
write("regions", ["code", "name", "zone"], regions.map((r) => [r.code, r.nom, r.zone]));
write("departements", ["code", "name", "region_code", "zone"],
  departements.map((d) => [d.code, d.nom, d.region, d.zone]));

const epciOfCommune = new Map();
for (const epci of epcis) {
  for (const member of epci.membres) {
    check(!epciOfCommune.has(member.code), `commune ${member.code} is in two EPCI`);
    epciOfCommune.set(member.code, epci.code);
  }
}
write("epci", ["code", "name", "kind"], epcis.map((e) => [e.code, e.nom, e.type]));

// Only the communes in force ("commune-actuelle") and the arrondissements municipaux of Paris, Lyon and Marseille,
// which SIRENE uses as establishment commune codes (75101...). Communes déléguées and associées are left out: they are
// no longer communes in law, SIRENE never gives them as an establishment's commune, and 584 of them share their code with
// the commune nouvelle that absorbed them, so they could not share its primary key anyway.
const current = communes.filter((c) => c.type === "commune-actuelle" || c.type === "arrondissement-municipal");
const byCode = new Map(current.filter((c) => c.type === "commune-actuelle").map((c) => [c.code, c]));
write("communes",
  ["code", "name", "departement_code", "region_code", "epci_code", "postal_codes", "kind", "parent_code"],
  current.map((c) => {
    const arm = c.type === "arrondissement-municipal";
    if (arm) check(byCode.has(c.commune), `arrondissement ${c.code} without its commune ${c.commune}`);
    // An arrondissement belongs to its city's EPCI, so a SIRENE code such as 75101 resolves without a detour.
    const epci = epciOfCommune.get(arm ? c.commune : c.code) ?? "";
    const postalCodes = [...new Set(c.codesPostaux ?? [])].sort().join(" ");
    return [c.code, c.nom, c.departement, c.region, epci, postalCodes, arm ? "ARM" : "COM", arm ? c.commune : ""];
  }));

// NAF rév. 2 sections are not in the package; their codes, labels and division ranges are fixed by the nomenclature (INSEE).
const sections = [
  ["A", 1, 3, "Agriculture, sylviculture et pêche"],
  ["B", 5, 9, "Industries extractives"],
  ["C", 10, 33, "Industrie manufacturière"],
  ["D", 35, 35, "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné"],
  ["E", 36, 39, "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution"],
  ["F", 41, 43, "Construction"],
  ["G", 45, 47, "Commerce ; réparation d'automobiles et de motocycles"],
  ["H", 49, 53, "Transports et entreposage"],
  ["I", 55, 56, "Hébergement et restauration"],
  ["J", 58, 63, "Information et communication"],
  ["K", 64, 66, "Activités financières et d'assurance"],
  ["L", 68, 68, "Activités immobilières"],
  ["M", 69, 75, "Activités spécialisées, scientifiques et techniques"],
  ["N", 77, 82, "Activités de services administratifs et de soutien"],
  ["O", 84, 84, "Administration publique"],
  ["P", 85, 85, "Enseignement"],
  ["Q", 86, 88, "Santé humaine et action sociale"],
  ["R", 90, 93, "Arts, spectacles et activités récréatives"],
  ["S", 94, 96, "Autres activités de services"],
  ["T", 97, 98, "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages en tant que producteurs de biens et services pour usage propre"],
  ["U", 99, 99, "Activités extra-territoriales"],
];
const sectionOf = (code) => {
  const division = Number(code.slice(0, 2));
  const section = sections.find(([, from, to]) => division >= from && division <= to);
  check(section, `NAF ${code} in no section`);
  return section[0];
};
// Levels by the shape of the code: 56 division, 56.1 groupe, 56.10 classe, 56.10A sous-classe.
const levels = { 2: "division", 4: "groupe", 5: "classe", 6: "sous_classe" };
const nafCodes = new Set(naf.map((n) => n.id));
write("naf", ["code", "label", "level", "section_code", "parent_code"], [
  ...sections.map(([code, , , label]) => [code, label, "section", code, ""]),
  ...naf.map((n) => {
    const level = levels[n.id.length];
    check(level, `NAF code of unexpected shape: ${n.id}`);
    const parent = level === "division" ? sectionOf(n.id) : n.id.slice(0, n.id.length === 4 ? 2 : n.id.length - 1);
    check(level === "division" || nafCodes.has(parent), `NAF ${n.id} without its parent ${parent}`);
    return [n.id, n.label, level, sectionOf(n.id), parent];
  }),
]);
JS
node convert.js

for name in regions departements epci communes naf; do
    # -n leaves the name and time out of the header: same data, same bytes, same hash, no needless reload.
    gzip -n -9 -c "$name.tsv" >"$here/$name.tsv.gz"
done
echo "Written to $here:"
ls -l "$here"/*.tsv.gz | awk '{ print "  " $9 " " $5 " bytes" }'
