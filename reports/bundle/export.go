package bundle

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections/reportlog"
	"cronica/reports"
	"cronica/reports/jobs"
)

// Generator names the code that builds bundles.
const Generator = "cronica-audit-bundle/1"

// Index is where the exporter looks things up: the log index (audit_log)
// of the reports, which says which streams exist at a position and where
// an instant falls in the log, and the streams of one category whatever
// their organisation (the log-wide seal stream). Safe for concurrent use.
type Index interface {
	reports.Index
	// CategoryStreams are the ids of the streams of category with an
	// event at or before upTo, in any organisation, sorted.
	CategoryStreams(ctx context.Context, category string, upTo eventstore.Position) ([]string, error)
}

// Reports are the generated reports and their files: report_log's rows
// (reportlog.List) and the kept files (jobs.Service.File). Safe for
// concurrent use.
type Reports interface {
	// List is orgID's reports, newest first, at most limit, before
	// position before (0: from the newest).
	List(ctx context.Context, orgID string, before uint64, limit int) ([]reportlog.Row, error)
	// File is report id's file with its record, for who.
	File(ctx context.Context, who identity.Principal, orgID, id string) (jobs.File, error)
}

// Config is what an Exporter reads.
type Config struct {
	Store   eventstore.Store
	Decoder reports.Decoder
	Index   Index
	Reports Reports
	// Now is the clock of the permission check (grants expire); nothing
	// in a bundle depends on it.
	Now func() time.Time
	// Zone is the zone of periods' days (Europe/Bucharest, the app's).
	Zone *time.Location
	// Workers is how many streams are read at once (default 4).
	Workers int
}

// Exporter builds bundles. Safe for concurrent use.
type Exporter struct {
	cfg Config
}

// New checks cfg and builds an Exporter.
func New(cfg Config) (*Exporter, error) {
	if cfg.Store == nil || cfg.Decoder == nil || cfg.Index == nil || cfg.Reports == nil || cfg.Now == nil || cfg.Zone == nil {
		return nil, errors.New("bundle: new: store, decoder, index, reports, clock and zone are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	return &Exporter{cfg: cfg}, nil
}

// Period reads from and to (YYYY-MM-DD) as a period of the exporter's
// zone (ParsePeriod).
func (x *Exporter) Period(from, to string) (Period, error) { return ParsePeriod(from, to, x.cfg.Zone) }

// ProjectPeriod is the default period of project projectID of orgID: from
// its start date to its end date, or to today (in the exporter's zone)
// when that comes first, but never before its start. A project unknown,
// or of another organisation, is domain.ErrNotFound.
func (x *Exporter) ProjectPeriod(ctx context.Context, orgID, projectID string) (Period, error) {
	if !domain.ValidID(projectID) {
		return Period{}, fmt.Errorf("%w: the project id %q is not a UUID", reports.ErrInvalidRequest, projectID)
	}
	head, err := x.cfg.Index.Head(ctx)
	if err != nil {
		return Period{}, err
	}
	p, err := reports.NewSnapshot(x.cfg.Store, x.cfg.Decoder, x.cfg.Index, head).Project(ctx, orgID, projectID)
	if err != nil {
		return Period{}, fmt.Errorf("bundle: project %s: %w", projectID, err)
	}
	d := p.Details()
	to := minDate(d.End, calendar.DateOf(x.cfg.Now().In(x.cfg.Zone)))
	if d.End.IsZero() {
		to = calendar.DateOf(x.cfg.Now().In(x.cfg.Zone))
	}
	return ParsePeriod(d.Start.String(), maxDate(to, d.Start).String(), x.cfg.Zone)
}

// Request asks for the bundle of one project over one period.
type Request struct {
	ProjectID string
	// OrgID, when set, is the organisation the caller names (an API
	// path): a project of another organisation is then not found.
	OrgID  string
	Period Period
}

// Summary describes a bundle written.
type Summary struct {
	Manifest Manifest
	// Bytes is the size of the zip.
	Bytes int64
	// SHA256 is the zip's digest, hex.
	SHA256 string
}

// Export writes the bundle of req, as who, to w. Bad input is
// reports.ErrInvalidRequest; a project unknown at the period's end, of
// another organisation than req.OrgID, or one who may not read is
// domain.ErrNotFound (or domain.ErrForbidden from identity.Authorize).
// Nothing is written to w before the bundle is complete.
func (x *Exporter) Export(ctx context.Context, who identity.Principal, req Request, w io.Writer) (Summary, error) {
	files, m, err := x.build(ctx, who, req)
	if err != nil {
		return Summary{}, err
	}
	modified, err := time.Parse(time.RFC3339Nano, m.LastRecordedAt)
	if err != nil {
		return Summary{}, fmt.Errorf("bundle: export: the last event's time: %w", err)
	}
	n, sum, err := writeZip(w, files, modified)
	if err != nil {
		return Summary{}, fmt.Errorf("bundle: export: write the zip: %w", err)
	}
	return Summary{Manifest: m, Bytes: n, SHA256: sum}, nil
}

// build gathers every file of the bundle, by name.
func (x *Exporter) build(ctx context.Context, who identity.Principal, req Request) (map[string][]byte, Manifest, error) {
	if !domain.ValidID(req.ProjectID) {
		return nil, Manifest{}, fmt.Errorf("%w: the project id %q is not a UUID", reports.ErrInvalidRequest, req.ProjectID)
	}
	if req.Period.Zone == nil || req.Period.To.Before(req.Period.From) || !req.Period.From.Valid() || !req.Period.To.Valid() {
		return nil, Manifest{}, fmt.Errorf("%w: the period is not valid", reports.ErrInvalidRequest)
	}
	rec, err := x.selectRecord(ctx, who, req)
	if err != nil {
		return nil, Manifest{}, err
	}
	streams, err := x.readStreams(ctx, rec)
	if err != nil {
		return nil, Manifest{}, err
	}
	events := mergeByPosition(streams)
	if len(events) == 0 {
		return nil, Manifest{}, fmt.Errorf("bundle: export: %w: nothing of project %s by position %d", domain.ErrNotFound, req.ProjectID, rec.through)
	}
	files := map[string][]byte{}
	lines, err := eventLines(events)
	if err != nil {
		return nil, Manifest{}, err
	}
	files[FileEvents] = lines

	seals, err := x.seals(ctx, rec, streams)
	if err != nil {
		return nil, Manifest{}, err
	}
	var sealBytes []byte
	for _, s := range seals {
		b, err := encodeJSON(s, false)
		if err != nil {
			return nil, Manifest{}, fmt.Errorf("bundle: export: encode seal %d: %w", s.Seq, err)
		}
		sealBytes = append(sealBytes, b...)
	}
	files[FileSeals] = sealBytes

	reportEntries, err := x.reportFiles(ctx, who, rec, files)
	if err != nil {
		return nil, Manifest{}, err
	}

	m := rec.manifest(streams, events, len(seals), reportEntries)
	mb, err := encodeJSON(m, true)
	if err != nil {
		return nil, Manifest{}, fmt.Errorf("bundle: export: encode the manifest: %w", err)
	}
	files[FileManifest] = mb
	readme, err := readmeText(m, events, seals)
	if err != nil {
		return nil, Manifest{}, err
	}
	files[FileReadme] = readme
	files[FileSums] = sums(files)
	return files, m, nil
}

// rawStream is one stream of the bundle as stored, from version 0.
type rawStream struct {
	id     string
	reason string
	events []eventstore.RecordedEvent
}

// readStreams reads every selected stream from version 0 up to the last
// event at or before rec.through, with up to Workers reads at once, and
// checks that each event belongs to the organisation (seal streams
// excepted: they belong to the whole log).
func (x *Exporter) readStreams(ctx context.Context, rec *record) ([]rawStream, error) {
	ids := rec.streamIDs()
	out := make([]rawStream, len(ids))
	err := parallel(ctx, len(ids), x.cfg.Workers, func(ctx context.Context, i int) error {
		evs, err := readUpTo(ctx, x.cfg.Store, ids[i], rec.through)
		if err != nil {
			return err
		}
		reason := rec.streams[ids[i]]
		for _, e := range evs {
			if reason != ReasonSeal && e.Metadata.OrgID != rec.orgID {
				return fmt.Errorf("bundle: export: stream %s version %d belongs to organisation %q, not %s: refused",
					e.StreamID, e.Version, e.Metadata.OrgID, rec.orgID)
			}
		}
		out[i] = rawStream{id: ids[i], reason: reason, events: evs}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(s rawStream) bool { return len(s.events) == 0 }), nil
}

// readUpTo is stream's events from version 0 whose position is at or
// before upTo (none when the stream does not exist).
func readUpTo(ctx context.Context, store eventstore.Store, stream string, upTo eventstore.Position) ([]eventstore.RecordedEvent, error) {
	const page = 1000
	var out []eventstore.RecordedEvent
	for from := uint64(0); ; {
		got, err := store.ReadStream(ctx, stream, from, page)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("bundle: read %s: %w", stream, err)
		}
		for _, e := range got {
			if e.Position > upTo {
				return out, nil
			}
			out = append(out, e)
		}
		if len(got) < page {
			return out, nil
		}
		from = got[len(got)-1].Version + 1
	}
}

// mergeByPosition is every event of streams in log order.
func mergeByPosition(streams []rawStream) []eventstore.RecordedEvent {
	var out []eventstore.RecordedEvent
	for _, s := range streams {
		out = append(out, s.events...)
	}
	slices.SortFunc(out, func(a, b eventstore.RecordedEvent) int { return cmp.Compare(a.Position, b.Position) })
	return out
}

// parallel runs fn for 0..n-1 with up to workers at once; the first error
// cancels the rest and is returned.
func parallel(ctx context.Context, n, workers int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	done := make(chan struct{})
	for range min(workers, max(n, 1)) {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range next {
				if err := fn(ctx, i); err != nil {
					cancel(err)
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	for range min(workers, max(n, 1)) {
		<-done
	}
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}
