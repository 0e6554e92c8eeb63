package bundle

import (
	"bytes"
	"fmt"
	"strings"

	"cronica/domain/project"
	"cronica/eventstore"
	"cronica/eventstore/seal"
)

// Markers before the README's worked examples: the fenced block after a
// marker is a command to run in the unzipped bundle, the next fenced
// block its exact output. Tests run them.
const (
	MarkerChainExample = "<!-- worked-example: chain -->"
	MarkerSealExample  = "<!-- worked-example: seal -->"
)

// readmeText is README.md for the bundle described by m: what is inside,
// how the streams were chosen, how to verify it with Cronica and by hand,
// with worked examples computed from the bundle's own first event of the
// project and, when there is one, the last seal covering it; in English,
// then in Romanian.
func readmeText(m Manifest, events []eventstore.RecordedEvent, seals []SealLine) ([]byte, error) {
	var ex *eventstore.RecordedEvent
	projectStream := project.StreamOf(m.Project.ID)
	for i := range events {
		if events[i].StreamID == projectStream && events[i].Version == 0 {
			ex = &events[i]
			break
		}
	}
	if ex == nil {
		return nil, fmt.Errorf("bundle: readme: the project's first event is not in the bundle")
	}
	meta, err := eventstore.EncodeMetadata(ex.Metadata)
	if err != nil {
		return nil, fmt.Errorf("bundle: readme: %w", err)
	}
	contentDigest := eventstore.ContentDigest(ex.StreamID, ex.ID, ex.Type, ex.Data, meta)
	chain := eventstore.ChainHash(ex.PrevHash, ex.Version, contentDigest)

	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	title := m.Project.Name
	if m.Project.Acronym != "" {
		title = m.Project.Acronym + " — " + m.Project.Name
	}
	p("# Audit bundle: %s\n\n", title)
	p("| | |\n| --- | --- |\n")
	p("| project | `%s` |\n| organisation | %s (`%s`) |\n", m.Project.ID, m.Org.Name, m.Org.ID)
	p("| period | %s to %s inclusive, dates in %s: from %s (inclusive) to %s (exclusive), UTC |\n",
		m.Period.From, m.Period.To, m.Period.Zone, m.Period.Start, m.Period.End)
	p("| log positions | events from position %s to %s, the last of the record at or before the period's end; the period began after position %s |\n",
		m.Positions.First, m.Positions.Through, m.Positions.PeriodAfter)
	p("| contents | %d streams, %d events, %d seals, %d reports |\n", m.Counts.Streams, m.Counts.Events, m.Counts.Seals, m.Counts.Reports)
	p("| made by | %s (format %s) |\n\n", m.Generator, m.Format)
	p("Cronica keeps every fact as an immutable event in a log; each stream of events is a hash chain, and seals\n")
	p("commit to the heads of every stream of the log with one Merkle root. This bundle is the project's record\n")
	p("over the period, with everything needed to check it without Cronica's database. (Romanian below: *În română*.)\n\n")

	p("## What is inside\n\n")
	p("| file | what it is |\n| --- | --- |\n")
	p("| `%s` | this file |\n", FileReadme)
	p("| `%s` | the project, organisation, period, log positions, every stream with why it is here, its first and last version and its number of events, the reports, the counts |\n", FileManifest)
	p("| `%s` | every event of those streams in log order, one JSON object per line: `position` (decimal text), `stream_id`, `version`, `event_id`, `type`, `recorded_at`, `actor_id`, `org_id`, `data` (the event, parsed, for reading), `data_b64` and `metadata_b64` (the exact bytes the hash chain covers, base64), `prev_hash`, `hash` (hex) |\n", FileEvents)
	p("| `%s` | each seal of the log that covers a stream of the bundle: its number (`seq`), the log position it seals (`through`), its Merkle `root`, the previous seal's root, the number of leaves, and for each stream of the bundle its head at the seal (`version`, `hash`), its `leaf_index` and the inclusion `proof` (sibling hashes from the leaf up, hex) |\n", FileSeals)
	p("| `%s<id>/<file>` and `%s<id>/%s` | each report of the project recorded in the period, the file as generated and its manifest (type, parameters, as-of and effective positions, SHA-256, file name, who asked) |\n", DirReports, DirReports, ReportManifest)
	p("| `%s` | the SHA-256 of every other file, in the format of `sha256sum` |\n\n", FileSums)
	p("Every stream is given from its first event (version 0) to its last event at or before position %s, so every chain\n", m.Positions.Through)
	p("can be checked from its start; events after the period are not included.\n\n")

	p("## How the streams were chosen\n\n")
	p("- the project's stream (`project-<id>`): its details, programme rules, work packages, activities, partners, budget, members;\n")
	p("- the organisation's stream, its access stream (every role granted or revoked) and its work calendar (extra days off);\n")
	p("- for every person with an assignment to the project that overlaps the period: their employment stream (contracts,\n")
	p("  amendments, assignments, leave), their person stream, and their timesheet months that overlap both the period and an\n")
	p("  assignment to the project (a month is one stream and one hash chain, so its entries on other projects of the\n")
	p("  organisation and for the employer come with it);\n")
	p("- the stream of every report whose parameters name the project, recorded in the period, with its file;\n")
	p("- the log's seal stream, with every seal up to the period's end.\n\n")
	if len(m.Omitted) > 0 {
		p("**Left out here:** the requester may read this project only (an auditor of the project), not the organisation's\n")
		p("people or grants, so the organisation-wide streams (%s) are not in this bundle; `manifest.json` says so in\n", strings.Join(m.Omitted, ", "))
		p("`omitted`. An export by the organisation (`cronica audit export`) holds them.\n\n")
	}
	p("Every stream but the seal stream belongs to the organisation (each event's `org_id`); the export refuses anything else.\n")
	p("The seal stream belongs to the whole log: a seal commits to every stream of every organisation, and the bundle shows\n")
	p("of the others only hashes (the proofs' sibling hashes) and the seal's counts.\n\n")

	p("## Verifying with Cronica\n\n")
	p("```sh\ncronica audit verify --bundle bundle.zip\n```\n\n")
	p("It needs no database. It checks `SHA256SUMS`, every chain from version 0, that `data` is `data_b64` parsed and that the\n")
	p("envelope's fields are the metadata's, every seal's proofs against its root with the heads recomputed from this bundle's\n")
	p("own events, that each seal event is in the seal stream's chain, and every report file against its manifest and its\n")
	p("`ReportGenerated` event. For this bundle it prints:\n\n")
	p("```\naudit verify --bundle: OK streams=%d events=%d seals=%d reports=%d\n```\n\n", m.Counts.Streams, m.Counts.Events, m.Counts.Seals, m.Counts.Reports)
	p("or names every failure (file, stream and version, seal or report) and exits 1.\n\n")

	p("## Verifying by hand\n\n")
	p("### 1. The files\n\n")
	p("```sh\nunzip bundle.zip -d bundle && cd bundle\nsha256sum -c SHA256SUMS\n```\n\n")
	p("Every line must say `OK`. `SHA256SUMS` covers every other file; what anchors the whole is the seals' roots: compare\n")
	p("the root of the latest seal with the one you obtained from the organisation or its log separately.\n\n")

	p("### 2. The reports\n\n")
	if len(m.Reports) == 0 {
		p("No report of the project was recorded in the period.\n\n")
	} else {
		p("Each report file's SHA-256 must equal the `sha256` of its `manifest.json` and of its `ReportGenerated` event (the\n")
		p("event of stream `report-<id>` in `events.jsonl`, field `data.sha256`):\n\n")
		p("| report | type | file | SHA-256 |\n| --- | --- | --- | --- |\n")
		for _, r := range m.Reports {
			p("| `%s` | %s | `%s` | `%s` |\n", r.ReportID, r.Type, r.File, r.SHA256)
		}
		p("\n```sh\nsha256sum %s\n```\n\n", m.Reports[0].File)
		p("`cronica report verify FILE` (against Cronica's log) also regenerates a report and compares it byte for byte.\n\n")
	}

	p("### 3. The hash chain\n\n")
	p("For each event, with `‖` concatenation, `u64(n)` the 8-byte big-endian unsigned integer and `len` a length in bytes:\n\n")
	p("```\ndigest = SHA-256( \"cronica.event.v1\" 0x00\n                  ‖ u64(len(stream_id)) ‖ stream_id\n                  ‖ event_id (the 16 bytes of the UUID)\n")
	p("                  ‖ u64(len(type)) ‖ type\n                  ‖ u64(len(data)) ‖ data            (data_b64 decoded)\n")
	p("                  ‖ u64(len(metadata)) ‖ metadata )  (metadata_b64 decoded)\nhash   = SHA-256( prev_hash ‖ u64(version) ‖ digest )\n```\n\n")
	p("`prev_hash` of version 0 is 32 zero bytes; the `prev_hash` of every later version is the `hash` of the version before it,\n")
	p("and versions run 0, 1, 2, … with no gap. Strings are UTF-8. The metadata bytes are the canonical JSON of `actor_id`,\n")
	p("`org_id`, `correlation_id`, `causation_id`, `idempotency_key` (each left out when empty) and `recorded_at`, in that order.\n\n")
	p("Worked example: the project's first event, `%s` version %d (`%s`, event `%s`, position %d).\n\n", ex.StreamID, ex.Version, ex.Type, ex.ID, ex.Position)
	p("- data (%d bytes): `%s`\n", len(ex.Data), clip(string(ex.Data), 400))
	p("- metadata (%d bytes): `%s`\n", len(meta), string(meta))
	p("- prev_hash: `%s`\n- digest: `%s`\n- hash: `%s`\n\n", ex.PrevHash, contentDigest, chain)
	p("Run in the unzipped bundle:\n\n%s\n", MarkerChainExample)
	p("```sh\npython3 - <<'EOF'\nimport base64, hashlib, json, struct, uuid\n")
	p("def field(b): return struct.pack(\">Q\", len(b)) + b\n")
	p("for line in open(\"events.jsonl\", encoding=\"utf-8\"):\n    e = json.loads(line)\n")
	p("    if e[\"stream_id\"] == \"%s\" and e[\"version\"] == %d:\n        break\n", ex.StreamID, ex.Version)
	p("data, meta = base64.b64decode(e[\"data_b64\"]), base64.b64decode(e[\"metadata_b64\"])\n")
	p("digest = hashlib.sha256(b\"cronica.event.v1\\x00\" + field(e[\"stream_id\"].encode()) + uuid.UUID(e[\"event_id\"]).bytes\n")
	p("    + field(e[\"type\"].encode()) + field(data) + field(meta)).digest()\n")
	p("chain = hashlib.sha256(bytes.fromhex(e[\"prev_hash\"]) + struct.pack(\">Q\", e[\"version\"]) + digest).hexdigest()\n")
	p("print(\"digest\", digest.hex())\nprint(\"hash\", chain, \"matches\" if chain == e[\"hash\"] and json.loads(data) == e[\"data\"] else \"DIFFERS\")\nEOF\n```\n\n")
	p("It prints:\n\n```\ndigest %s\nhash %s matches\n```\n\n", contentDigest, chain)

	p("### 4. The seals\n\n")
	p("A seal's Merkle tree (RFC 6962's shape) has one leaf per stream of the log that has an event at or before the seal's\n")
	p("`through` position, sorted by stream id (byte order), each the stream's head then (its last event at or before `through`):\n\n")
	p("```\nleaf = SHA-256( 0x00 ‖ \"cronica.seal.leaf.v1\" ‖ u64(len(stream_id)) ‖ stream_id ‖ u64(version) ‖ hash )\n")
	p("node = SHA-256( 0x01 ‖ left ‖ right )\n```\n\n")
	p("A tree of n > 1 leaves is the node of the tree of the first k leaves and the tree of the rest, k the largest power of\n")
	p("two below n; one leaf is its own root; no leaf gives SHA-256 of nothing. A proof lists the sibling hashes from the leaf\n")
	p("up to the root; it is checked with RFC 9162's algorithm (section 2.1.3.2), as below. For each stream of the bundle,\n")
	p("recompute its head at the seal from `events.jsonl` (its last event with position ≤ `through`), then its leaf, then\n")
	p("climb the proof: the result must be the seal's `root`, which is also in the seal's own event (stream `%s…`) in\n", sealCategory+"-")
	p("`events.jsonl`, itself checked by its hash chain.\n\n")
	if ex, line, ok := sealExample(projectStream, seals); ok {
		name := ex.StreamID
		h, err := eventstore.ParseHash(ex.Hash)
		if err != nil {
			return nil, fmt.Errorf("bundle: readme: %w", err)
		}
		leaf := seal.LeafHash(seal.Head{Stream: name, Version: ex.Version, Hash: h})
		p("Worked example: the project's stream under seal %d (through position %s, %d leaves): head version %d, hash `%s`,\n",
			line.Seq, line.Through, line.LeafCount, ex.Version, ex.Hash)
		p("leaf index %d, %d proof hashes; leaf `%s`; root `%s`. Run in the unzipped bundle:\n\n%s\n", ex.LeafIndex, len(ex.Proof), leaf, line.Root, MarkerSealExample)
		p("```sh\npython3 - <<'EOF'\nimport hashlib, json, struct\nH = lambda b: hashlib.sha256(b).digest()\n")
		p("for line in open(\"seals.jsonl\", encoding=\"utf-8\"):\n    s = json.loads(line)\n    if s[\"seq\"] == %d:\n        break\n", line.Seq)
		p("p = next(x for x in s[\"streams\"] if x[\"stream_id\"] == \"%s\")\n", name)
		p("name = p[\"stream_id\"].encode()\n")
		p("r = H(b\"\\x00cronica.seal.leaf.v1\" + struct.pack(\">Q\", len(name)) + name + struct.pack(\">Q\", p[\"version\"]) + bytes.fromhex(p[\"hash\"]))\n")
		p("print(\"leaf\", r.hex())\nfn, sn = p[\"leaf_index\"], p[\"leaf_count\"] - 1\n")
		p("for sib in map(bytes.fromhex, p[\"proof\"]):\n    if fn %% 2 == 1 or fn == sn:\n        r = H(b\"\\x01\" + sib + r)\n")
		p("        while fn %% 2 == 0 and fn != 0:\n            fn, sn = fn >> 1, sn >> 1\n    else:\n        r = H(b\"\\x01\" + r + sib)\n")
		p("    fn, sn = fn >> 1, sn >> 1\n")
		p("print(\"root\", r.hex(), \"matches\" if sn == 0 and r.hex() == s[\"root\"] else \"DIFFERS\")\nEOF\n```\n\n")
		p("It prints:\n\n```\nleaf %s\nroot %s matches\n```\n\n", leaf, line.Root)
	} else {
		p("No seal of the log covered the project's stream by the period's end: `%s` is empty of it, and the chains stand\n", FileSeals)
		p("on their own. Seal the log (`cronica audit seal`) and export again to anchor them.\n\n")
	}

	p("## În română\n\n")
	p("Acest pachet conține dosarul proiectului `%s` (%s) al organizației %s pentru perioada %s – %s inclusiv\n", m.Project.ID, title, m.Org.Name, m.Period.From, m.Period.To)
	p("(date calendaristice în fusul orar %s, adică de la %s inclusiv până la %s exclusiv, UTC; evenimentele de la poziția\n", m.Period.Zone, m.Period.Start, m.Period.End)
	p("%s până la %s din jurnal): %d fluxuri, %d evenimente, %d sigilii, %d rapoarte.\n\n", m.Positions.First, m.Positions.Through, m.Counts.Streams, m.Counts.Events, m.Counts.Seals, m.Counts.Reports)
	p("- `%s`: fiecare eveniment, în ordinea jurnalului, cu `data_b64` și `metadata_b64` (octeții exacți acoperiți de lanțul de hash-uri), `prev_hash` și `hash`;\n", FileEvents)
	p("- `%s`: sigiliile jurnalului și, pentru fiecare flux din pachet, capul său la sigiliu și dovada de includere Merkle;\n", FileSeals)
	p("- `%s<id>/`: rapoartele proiectului înregistrate în perioadă, fișierul și manifestul lui;\n", DirReports)
	p("- `%s`: proiectul, perioada, pozițiile și fluxurile (de ce este inclus fiecare, prima și ultima versiune);\n", FileManifest)
	p("- `%s`: SHA-256 al fiecărui alt fișier.\n\n", FileSums)
	if len(m.Omitted) > 0 {
		p("Solicitantul are acces doar la proiect, deci fluxurile la nivelul organizației (%s) lipsesc din acest pachet.\n\n", strings.Join(m.Omitted, ", "))
	}
	p("Fluxurile incluse: proiectul; organizația, drepturile de acces și calendarul ei de lucru; pentru fiecare persoană\n")
	p("repartizată pe proiect în perioadă, contractele (fluxul `employment`), persoana și lunile de pontaj care se suprapun cu\n")
	p("perioada și cu repartizarea (o lună este un singur flux, cu toate înregistrările ei); rapoartele proiectului din\n")
	p("perioadă; fluxul sigiliilor. Fiecare flux este dat de la versiunea 0, ca lanțul să poată fi verificat de la început.\n\n")
	p("Verificare: `cronica audit verify --bundle bundle.zip` (fără bază de date) trebuie să afișeze\n")
	p("`audit verify --bundle: OK streams=%d events=%d seals=%d reports=%d`. Manual: `sha256sum -c SHA256SUMS` (fiecare linie `OK`);\n",
		m.Counts.Streams, m.Counts.Events, m.Counts.Seals, m.Counts.Reports)
	p("SHA-256 al fiecărui fișier de raport este egal cu cel din `manifest.json` al lui și din evenimentul `ReportGenerated`;\n")
	p("lanțul de hash-uri și arborele Merkle urmează formulele de mai sus (secțiunile 3 și 4), iar exemplele lucrate (python3)\n")
	p("se rulează în directorul dezarhivat și trebuie să afișeze „matches”. Rădăcina ultimului sigiliu se compară cu cea\n")
	p("obținută separat de la organizație.\n")
	return b.Bytes(), nil
}

// sealExample is the last seal line covering stream, with its entry.
func sealExample(stream string, seals []SealLine) (SealStream, SealLine, bool) {
	for i := len(seals) - 1; i >= 0; i-- {
		for _, s := range seals[i].Streams {
			if s.StreamID == stream {
				return s, seals[i], true
			}
		}
	}
	return SealStream{}, SealLine{}, false
}

// clip cuts s to n bytes at a rune boundary, marking the cut; backquotes
// become quotes so the Markdown code span holds.
func clip(s string, n int) string {
	s = strings.ReplaceAll(s, "`", "'")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + " …"
}
