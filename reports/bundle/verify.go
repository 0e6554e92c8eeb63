package bundle

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"cronica/domain/audit"
	"cronica/domain/report"
	"cronica/eventstore"
	"cronica/eventstore/seal"
)

// Failure is one thing of a bundle that does not hold, and where.
type Failure struct {
	File    string // the bundle's file concerned
	Line    int    // its line, from 1 (0: not a line)
	Stream  string
	Version int64 // -1: none
	Seal    int64 // the seal's seq, -1: none
	Report  string
	Reason  string
}

// String names the failure: file, line, stream and version, seal, report,
// then the reason.
func (f Failure) String() string {
	var parts []string
	if f.File != "" {
		parts = append(parts, "file="+f.File)
	}
	if f.Line > 0 {
		parts = append(parts, "line="+strconv.Itoa(f.Line))
	}
	if f.Stream != "" {
		parts = append(parts, "stream="+f.Stream)
	}
	if f.Version >= 0 {
		parts = append(parts, "version="+strconv.FormatInt(f.Version, 10))
	}
	if f.Seal >= 0 {
		parts = append(parts, "seal="+strconv.FormatInt(f.Seal, 10))
	}
	if f.Report != "" {
		parts = append(parts, "report="+f.Report)
	}
	return strings.Join(parts, " ") + ": " + f.Reason
}

// Result is what Verify found: the counts of what holds, and every
// failure.
type Result struct {
	Streams, Events, Seals, Reports int
	Failures                        []Failure
}

// OK reports whether the bundle holds throughout.
func (r Result) OK() bool { return len(r.Failures) == 0 }

// maxEntry is the largest file Verify reads from a bundle (uncompressed).
const maxEntry = 2 << 30

// Verify checks a bundle (the zip's bytes) on its own, with no database:
// SHA256SUMS; every event line (metadata canonical and matching the
// envelope's fields, data the parsed data_b64) and every stream's chain
// from version 0; the manifest's streams and counts; every seal's proofs
// against its root with the heads recomputed from the bundle's events,
// each seal being an event of the seal stream's chain; every report file
// against its manifest and its ReportGenerated event. It returns every
// failure; an error only when the bytes are not a zip at all.
func Verify(zipBytes []byte) (Result, error) {
	zr, err := zip.NewReader(bytes.NewReader(zipBytes), int64(len(zipBytes)))
	if err != nil {
		return Result{}, fmt.Errorf("bundle: verify: not a zip archive: %w", err)
	}
	v := &verifier{files: map[string][]byte{}, streams: map[string]*streamState{}}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		if _, dup := v.files[f.Name]; dup {
			v.fail(failAt(f.Name, 0, "the zip holds two files of this name"))
			continue
		}
		b, err := readEntry(f)
		if err != nil {
			v.fail(failAt(f.Name, 0, "cannot be read: "+err.Error()))
			continue
		}
		v.files[f.Name] = b
	}
	v.checkSums()
	v.checkManifest()
	v.checkEvents()
	v.checkStreams()
	v.checkSeals()
	v.checkReports()
	return v.result(), nil
}

// readEntry is one file of the zip, at most maxEntry bytes.
func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxEntry+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxEntry {
		return nil, fmt.Errorf("larger than %d bytes", maxEntry)
	}
	return b, nil
}

// verifier is one Verify's state.
type verifier struct {
	files    map[string][]byte
	failures []Failure
	manifest *Manifest
	// events in file order; streams by id.
	events  []*parsedEvent
	streams map[string]*streamState
	seals   int
	reports int
}

// parsedEvent is an event line that parsed.
type parsedEvent struct {
	line     int
	position eventstore.Position
	stream   string
	version  uint64
	typ      string
	data     []byte // data_b64 decoded
	hash     eventstore.Hash
	eventID  string
}

// streamState is a stream's chain as read so far.
type streamState struct {
	next   uint64 // the version expected next
	last   eventstore.Hash
	events []*parsedEvent
	first  uint64
}

func (v *verifier) fail(f Failure) { v.failures = append(v.failures, f) }

// failAt is a failure with no stream, version or seal.
func failAt(file string, line int, reason string) Failure {
	return Failure{File: file, Line: line, Version: -1, Seal: -1, Reason: reason}
}

// failEvent is a failure of one event.
func failEvent(line int, stream string, version uint64, reason string) Failure {
	return Failure{File: FileEvents, Line: line, Stream: stream, Version: int64(version), Seal: -1, Reason: reason}
}

func (v *verifier) result() Result {
	return Result{Streams: len(v.streams), Events: len(v.events), Seals: v.seals, Reports: v.reports, Failures: v.failures}
}

var sumLine = regexp.MustCompile(`^([0-9a-f]{64})  (\S.*)$`)

// checkSums checks SHA256SUMS: every other file listed once, each digest
// right.
func (v *verifier) checkSums() {
	b, ok := v.files[FileSums]
	if !ok {
		v.fail(failAt(FileSums, 0, "missing: the bundle has no SHA256SUMS"))
		return
	}
	listed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		m := sumLine.FindStringSubmatch(line)
		if m == nil {
			v.fail(failAt(FileSums, i+1, fmt.Sprintf("not a sha256sum line: %q", clip(line, 120))))
			continue
		}
		name := m[2]
		if listed[name] {
			v.fail(failAt(FileSums, i+1, "lists "+name+" twice"))
		}
		listed[name] = true
		content, ok := v.files[name]
		if !ok {
			v.fail(failAt(name, 0, "listed in SHA256SUMS but not in the bundle"))
			continue
		}
		if got := digest(content); got != m[1] {
			v.fail(failAt(name, 0, fmt.Sprintf("SHA-256 is %s, SHA256SUMS says %s", got, m[1])))
		}
	}
	for _, name := range sortedNames(v.files) {
		if name != FileSums && !listed[name] {
			v.fail(failAt(name, 0, "in the bundle but not listed in SHA256SUMS"))
		}
	}
}

// checkManifest reads manifest.json.
func (v *verifier) checkManifest() {
	b, ok := v.files[FileManifest]
	if !ok {
		v.fail(failAt(FileManifest, 0, "missing"))
		return
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		v.fail(failAt(FileManifest, 0, "not valid JSON: "+err.Error()))
		return
	}
	if m.Format != Format {
		v.fail(failAt(FileManifest, 0, fmt.Sprintf("format %q, this verifier reads %q", m.Format, Format)))
	}
	if _, err := parsePosition(m.Positions.Through); err != nil {
		v.fail(failAt(FileManifest, 0, "positions.through: "+err.Error()))
		return
	}
	if _, err := parsePosition(m.Positions.PeriodAfter); err != nil {
		v.fail(failAt(FileManifest, 0, "positions.period_after: "+err.Error()))
		return
	}
	v.manifest = &m
}

var (
	lineStream  = regexp.MustCompile(`"stream_id"\s*:\s*"([^"]*)"`)
	lineVersion = regexp.MustCompile(`"version"\s*:\s*([0-9]+)`)
)

// checkEvents reads events.jsonl line by line and checks each event and
// each stream's chain.
func (v *verifier) checkEvents() {
	b, ok := v.files[FileEvents]
	if !ok {
		v.fail(failAt(FileEvents, 0, "missing"))
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<20), maxEntry)
	var prev eventstore.Position
	for n := 1; sc.Scan(); n++ {
		raw := sc.Bytes()
		var l EventLine
		if err := json.Unmarshal(raw, &l); err != nil {
			f := failAt(FileEvents, n, "not a JSON event: "+err.Error())
			if m := lineStream.FindSubmatch(raw); m != nil {
				f.Stream = string(m[1])
			}
			if m := lineVersion.FindSubmatch(raw); m != nil {
				f.Version, _ = strconv.ParseInt(string(m[1]), 10, 64)
			}
			v.fail(f)
			continue
		}
		e, ok := v.checkEvent(n, l)
		if !ok {
			continue
		}
		if e.position <= prev {
			v.fail(failEvent(n, e.stream, e.version, fmt.Sprintf("position %d is not after the previous line's %d: not in log order", e.position, prev)))
		}
		prev = max(prev, e.position)
		v.events = append(v.events, e)
		v.chain(e, l)
	}
	if err := sc.Err(); err != nil {
		v.fail(failAt(FileEvents, 0, "cannot be read: "+err.Error()))
	}
}

// checkEvent checks one line on its own; ok is false when it cannot be
// placed in a chain at all.
func (v *verifier) checkEvent(n int, l EventLine) (*parsedEvent, bool) {
	bad := func(reason string) (*parsedEvent, bool) {
		v.fail(failEvent(n, l.StreamID, l.Version, reason))
		return nil, false
	}
	p, err := parsePosition(l.Position)
	if err != nil {
		return bad("position: " + err.Error())
	}
	if eventstore.Category(l.StreamID) == "" {
		return bad(fmt.Sprintf("stream id %q is not <category>-<id>", l.StreamID))
	}
	data, err := base64.StdEncoding.DecodeString(l.DataB64)
	if err != nil {
		return bad("data_b64 is not base64: " + err.Error())
	}
	metaBytes, err := base64.StdEncoding.DecodeString(l.MetadataB64)
	if err != nil {
		return bad("metadata_b64 is not base64: " + err.Error())
	}
	if _, err := uuid.Parse(l.EventID); err != nil {
		return bad("event_id is not a UUID")
	}
	if _, err := eventstore.ParseHash(l.PrevHash); err != nil {
		return bad("prev_hash is not a SHA-256 in hex")
	}
	h, err := eventstore.ParseHash(l.Hash)
	if err != nil {
		return bad("hash is not a SHA-256 in hex")
	}
	e := &parsedEvent{line: n, position: eventstore.Position(p), stream: l.StreamID, version: l.Version, typ: l.Type,
		data: data, hash: h, eventID: l.EventID}
	// The readable fields must say what the hashed bytes say.
	if meta, err := eventstore.DecodeMetadata(metaBytes); err != nil {
		v.fail(failEvent(n, l.StreamID, l.Version, "metadata_b64 is not canonical metadata: "+err.Error()))
	} else if meta.ActorID != l.ActorID || meta.OrgID != l.OrgID || timeText(meta.RecordedAt) != l.RecordedAt {
		v.fail(failEvent(n, l.StreamID, l.Version, fmt.Sprintf("actor_id, org_id or recorded_at (%q, %q, %q) differ from the hashed metadata (%q, %q, %q)",
			l.ActorID, l.OrgID, l.RecordedAt, meta.ActorID, meta.OrgID, timeText(meta.RecordedAt))))
	}
	if !bytes.Equal(l.Data, data) && !sameJSON(l.Data, data) {
		v.fail(failEvent(n, l.StreamID, l.Version, "data is not data_b64 parsed: the readable data was altered"))
	}
	if v.manifest != nil && !isSealStream(l.StreamID) && l.OrgID != v.manifest.Org.ID {
		v.fail(failEvent(n, l.StreamID, l.Version, fmt.Sprintf("belongs to organisation %q, the bundle is of %s", l.OrgID, v.manifest.Org.ID)))
	}
	return e, true
}

// chain checks e's place in its stream: the next version, the previous
// event's hash, and its own hash recomputed (eventstore.ContentDigest and
// ChainHash). A failure is named once; the chain goes on from the hash as
// stored, so one altered event is one failure.
func (v *verifier) chain(e *parsedEvent, l EventLine) {
	s := v.streams[e.stream]
	if s == nil {
		s = &streamState{first: e.version}
		v.streams[e.stream] = s
	}
	switch {
	case e.version > s.next && s.next == 0 && len(s.events) == 0:
		v.fail(failEvent(e.line, e.stream, e.version, fmt.Sprintf("the stream starts at version %d: versions 0 to %d are missing", e.version, e.version-1)))
	case e.version > s.next:
		missing := strconv.FormatUint(s.next, 10)
		if e.version-1 > s.next {
			missing = fmt.Sprintf("%d to %d", s.next, e.version-1)
		}
		v.fail(failEvent(e.line, e.stream, e.version, fmt.Sprintf("version %s missing before version %d", missing, e.version)))
	case e.version < s.next:
		v.fail(failEvent(e.line, e.stream, e.version, fmt.Sprintf("version %d again or out of order (after version %d)", e.version, s.next-1)))
	}
	prev, _ := eventstore.ParseHash(l.PrevHash)
	id, _ := uuid.Parse(l.EventID)
	metaBytes, _ := base64.StdEncoding.DecodeString(l.MetadataB64)
	wantPrev := s.last
	switch {
	case e.version == 0:
		wantPrev = eventstore.Hash{}
	case e.version != s.next:
		wantPrev = prev // the gap is named above; this link cannot be checked
	}
	if prev != wantPrev {
		v.fail(failEvent(e.line, e.stream, e.version, fmt.Sprintf("prev_hash %s is not the previous event's hash %s", prev, wantPrev)))
	}
	if want := eventstore.ChainHash(prev, e.version, eventstore.ContentDigest(e.stream, id, e.typ, e.data, metaBytes)); want != e.hash {
		v.fail(failEvent(e.line, e.stream, e.version, fmt.Sprintf("hash %s does not match the event's content (recomputed %s)", e.hash, want)))
	}
	s.events = append(s.events, e)
	s.last = e.hash
	s.next = max(s.next, e.version+1)
}

// checkStreams holds the manifest's streams and counts to the events.
func (v *verifier) checkStreams() {
	if v.manifest == nil {
		return
	}
	m := v.manifest
	listed := map[string]bool{}
	for _, ms := range m.Streams {
		listed[ms.StreamID] = true
		s := v.streams[ms.StreamID]
		if s == nil {
			v.fail(Failure{File: FileEvents, Stream: ms.StreamID, Version: -1, Seal: -1,
				Reason: fmt.Sprintf("the manifest lists versions %d to %d, events.jsonl holds none", ms.FirstVersion, ms.LastVersion)})
			continue
		}
		last := s.events[len(s.events)-1].version
		for _, e := range s.events {
			last = max(last, e.version)
		}
		if last < ms.LastVersion {
			missing := strconv.FormatUint(last+1, 10)
			if ms.LastVersion > last+1 {
				missing = fmt.Sprintf("%d to %d", last+1, ms.LastVersion)
			}
			v.fail(Failure{File: FileEvents, Stream: ms.StreamID, Version: int64(last + 1), Seal: -1,
				Reason: fmt.Sprintf("version %s missing: the manifest says the stream ends at version %d", missing, ms.LastVersion)})
		}
		if ms.FirstVersion != 0 || last > ms.LastVersion || len(s.events) != ms.Events {
			v.fail(Failure{File: FileManifest, Stream: ms.StreamID, Version: -1, Seal: -1,
				Reason: fmt.Sprintf("lists versions %d to %d (%d events), events.jsonl holds %d to %d (%d events)",
					ms.FirstVersion, ms.LastVersion, ms.Events, s.first, last, len(s.events))})
		}
	}
	for _, id := range sortedKeys(v.streams) {
		if !listed[id] {
			v.fail(Failure{File: FileManifest, Stream: id, Version: -1, Seal: -1, Reason: "the stream is in events.jsonl but not in the manifest"})
		}
	}
	if m.Counts.Events != len(v.events) || m.Counts.Streams != len(m.Streams) {
		v.fail(failAt(FileManifest, 0, fmt.Sprintf("counts %d streams and %d events, the bundle holds %d and %d",
			m.Counts.Streams, m.Counts.Events, len(v.streams), len(v.events))))
	}
	through, _ := parsePosition(m.Positions.Through)
	for _, e := range v.events {
		if e.position > eventstore.Position(through) {
			v.fail(failEvent(e.line, e.stream, e.version, fmt.Sprintf("position %d is after the bundle's end %d", e.position, through)))
		}
	}
}

// headAt is stream's last event at or before p in the bundle.
func (v *verifier) headAt(stream string, p eventstore.Position) *parsedEvent {
	s := v.streams[stream]
	if s == nil {
		return nil
	}
	var head *parsedEvent
	for _, e := range s.events {
		if e.position <= p && (head == nil || e.version > head.version) {
			head = e
		}
	}
	return head
}

// checkSeals checks every line of seals.jsonl against the seal events and
// the bundle's own events, and that no seal covering the bundle is left
// out.
func (v *verifier) checkSeals() {
	b, ok := v.files[FileSeals]
	if !ok {
		v.fail(failAt(FileSeals, 0, "missing"))
		return
	}
	// The seal events of the bundle, by stream and version.
	sealEvents := map[string]*parsedEvent{}
	var ordered []*parsedEvent
	for _, e := range v.events {
		if e.typ == audit.TypeAuditSealed && isSealStream(e.stream) {
			sealEvents[e.stream+"/"+strconv.FormatUint(e.version, 10)] = e
			ordered = append(ordered, e)
		}
	}
	lined := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<20), maxEntry)
	for n := 1; sc.Scan(); n++ {
		var l SealLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			v.fail(failAt(FileSeals, n, "not a JSON seal: "+err.Error()))
			continue
		}
		key := l.SealStream + "/" + strconv.FormatUint(l.SealVersion, 10)
		lined[key] = true
		if v.checkSeal(n, l, sealEvents[key]) {
			v.seals++
		}
	}
	if err := sc.Err(); err != nil {
		v.fail(failAt(FileSeals, 0, "cannot be read: "+err.Error()))
	}
	for _, e := range ordered {
		key := e.stream + "/" + strconv.FormatUint(e.version, 10)
		if lined[key] {
			continue
		}
		var s audit.AuditSealed
		if json.Unmarshal(e.data, &s) != nil {
			continue // named by the line's own check when its seal is listed; else below
		}
		through, err := s.ThroughPosition()
		if err != nil {
			continue
		}
		if v.coversAny(eventstore.Position(through)) {
			v.fail(Failure{File: FileSeals, Stream: e.stream, Version: int64(e.version), Seal: int64(s.Seq),
				Reason: "this seal covers streams of the bundle but has no line in seals.jsonl"})
		}
	}
}

// coversAny reports whether some stream of the bundle has an event at or
// before p.
func (v *verifier) coversAny(p eventstore.Position) bool {
	return slices.ContainsFunc(v.events, func(e *parsedEvent) bool { return e.position <= p })
}

// checkSeal checks one seal line; it reports whether the seal holds.
func (v *verifier) checkSeal(n int, l SealLine, ev *parsedEvent) bool {
	failures := len(v.failures)
	bad := func(stream string, reason string) {
		v.fail(Failure{File: FileSeals, Line: n, Stream: stream, Version: -1, Seal: int64(l.Seq), Reason: reason})
	}
	if ev == nil {
		bad(l.SealStream, fmt.Sprintf("version %d: %v", l.SealVersion, errNoSeal))
		return false
	}
	var s audit.AuditSealed
	if err := json.Unmarshal(ev.data, &s); err != nil {
		bad(l.SealStream, fmt.Sprintf("the seal event (version %d) does not decode: %v", ev.version, err))
		return false
	}
	if s.Seq != l.Seq || s.Through != l.Through || s.Root != l.Root || s.PreviousRoot != l.PreviousRoot ||
		ev.eventID != l.SealEventID || pos(ev.position) != l.Position {
		bad(l.SealStream, fmt.Sprintf("the line says seq %d through %s root %s, the seal event (version %d) says seq %d through %s root %s",
			l.Seq, l.Through, l.Root, ev.version, s.Seq, s.Through, s.Root))
		return false
	}
	through, err := s.ThroughPosition()
	if err != nil {
		bad(l.SealStream, err.Error())
		return false
	}
	root, err := eventstore.ParseHash(s.Root)
	if err != nil {
		bad(l.SealStream, "the root is not a SHA-256 in hex")
		return false
	}
	proved := map[string]bool{}
	for _, st := range l.Streams {
		proved[st.StreamID] = true
		head := v.headAt(st.StreamID, eventstore.Position(through))
		if head == nil {
			bad(st.StreamID, "the bundle holds no event of the stream at or before the seal's through position")
			continue
		}
		if head.version != st.Version || head.hash.String() != st.Hash {
			bad(st.StreamID, fmt.Sprintf("the line gives the head as version %d hash %s, the bundle's events give version %d hash %s",
				st.Version, st.Hash, head.version, head.hash))
		}
		proof := make([]seal.Hash, len(st.Proof))
		okProof := true
		for i, p := range st.Proof {
			if proof[i], err = eventstore.ParseHash(p); err != nil {
				okProof = false
			}
		}
		leaf := seal.LeafHash(seal.Head{Stream: st.StreamID, Version: head.version, Hash: head.hash})
		if !okProof || st.LeafCount != l.LeafCount || seal.VerifyProof(leaf, st.LeafIndex, l.LeafCount, proof, root) != nil {
			bad(st.StreamID, fmt.Sprintf("the inclusion proof of version %d (leaf %d of %d) does not lead to the seal's root %s",
				head.version, st.LeafIndex, l.LeafCount, s.Root))
		}
	}
	for _, id := range sortedKeys(v.streams) {
		if !proved[id] && v.headAt(id, eventstore.Position(through)) != nil {
			bad(id, "the stream had events at the seal's through position but the line gives no proof of its head")
		}
	}
	return len(v.failures) == failures
}

// reportFile is a report's manifest as the bundle carries it.
type reportFile struct {
	ReportID string `json:"report_id"`
	Type     string `json:"type"`
	SHA256   string `json:"sha256"`
	Size     int    `json:"size"`
	FileName string `json:"file_name"`
}

// checkReports checks each report directory: its file against its
// manifest and its ReportGenerated event, and that every report the
// manifest lists is there.
func (v *verifier) checkReports() {
	dirs := map[string][]string{}
	for name := range v.files {
		rest, ok := strings.CutPrefix(name, DirReports)
		if !ok {
			continue
		}
		id, file, ok := strings.Cut(rest, "/")
		if !ok || strings.Contains(file, "/") {
			v.fail(failAt(name, 0, "not reports/<id>/<file>"))
			continue
		}
		dirs[id] = append(dirs[id], file)
	}
	generated := map[string]*parsedEvent{}
	for _, e := range v.events {
		if e.typ == report.TypeReportGenerated {
			generated[e.stream] = e
		}
	}
	ids := make([]string, 0, len(dirs))
	for id := range dirs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if v.checkReport(id, dirs[id], generated[report.StreamOf(id)]) {
			v.reports++
		}
	}
	if v.manifest != nil {
		for _, r := range v.manifest.Reports {
			if _, ok := dirs[r.ReportID]; !ok {
				v.fail(Failure{File: r.File, Version: -1, Seal: -1, Report: r.ReportID, Reason: "the manifest lists this report but its file is missing"})
			}
		}
		for _, ms := range v.manifest.Streams {
			id, isReport := strings.CutPrefix(ms.StreamID, report.Category+"-")
			if _, ok := dirs[id]; isReport && !ok {
				v.fail(Failure{File: DirReports + id + "/", Stream: ms.StreamID, Version: -1, Seal: -1, Report: id,
					Reason: "the report is recorded in the bundle's events but its file is missing"})
			}
		}
		if v.manifest.Counts.Reports != len(v.manifest.Reports) || len(dirs) != len(v.manifest.Reports) {
			v.fail(failAt(FileManifest, 0, fmt.Sprintf("counts %d reports and lists %d, the bundle holds %d",
				v.manifest.Counts.Reports, len(v.manifest.Reports), len(dirs))))
		}
	}
}

// checkReport checks one report's directory; it reports whether it holds.
func (v *verifier) checkReport(id string, files []string, ev *parsedEvent) bool {
	failures := len(v.failures)
	dir := DirReports + id + "/"
	bad := func(file, reason string) {
		v.fail(Failure{File: file, Version: -1, Seal: -1, Report: id, Reason: reason})
	}
	mb, ok := v.files[dir+ReportManifest]
	if !ok {
		bad(dir+ReportManifest, "missing: every report carries its manifest")
		return false
	}
	var m reportFile
	if err := json.Unmarshal(mb, &m); err != nil {
		bad(dir+ReportManifest, "not valid JSON: "+err.Error())
		return false
	}
	if len(files) != 2 || !slices.Contains(files, m.FileName) {
		bad(dir, fmt.Sprintf("holds %v, want %s and %s", files, ReportManifest, m.FileName))
		return false
	}
	content := v.files[dir+m.FileName]
	got := digest(content)
	if m.ReportID != id {
		bad(dir+ReportManifest, fmt.Sprintf("names report %s", m.ReportID))
	}
	if got != m.SHA256 || len(content) != m.Size {
		bad(dir+m.FileName, fmt.Sprintf("SHA-256 %s (%d bytes), its manifest says %s (%d bytes)", got, len(content), m.SHA256, m.Size))
	}
	if ev == nil {
		bad(dir+m.FileName, "its ReportGenerated event (stream "+report.StreamOf(id)+") is not in events.jsonl")
		return false
	}
	var g report.ReportGenerated
	if err := json.Unmarshal(ev.data, &g); err != nil {
		bad(dir+m.FileName, "its ReportGenerated event does not decode: "+err.Error())
		return false
	}
	if g.SHA256 != got || g.ReportID != id || g.FileName != m.FileName {
		bad(dir+m.FileName, fmt.Sprintf("SHA-256 %s, its ReportGenerated event (%s version %d) records %s for %s",
			got, ev.stream, ev.version, g.SHA256, g.FileName))
	}
	return len(v.failures) == failures
}

// parsePosition reads a position written as decimal text.
func parsePosition(s string) (uint64, error) {
	p, err := strconv.ParseUint(s, 10, 64)
	if err != nil || s != strconv.FormatUint(p, 10) {
		return 0, fmt.Errorf("%q is not a decimal position", s)
	}
	return p, nil
}

// sameJSON reports whether two JSON texts hold the same value (numbers
// compared as written).
func sameJSON(a, b []byte) bool {
	decode := func(b []byte) (any, error) {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		if d.More() {
			return nil, errors.New("trailing data")
		}
		return v, nil
	}
	x, err := decode(a)
	if err != nil {
		return false
	}
	y, err := decode(b)
	if err != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// sortedKeys are the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
