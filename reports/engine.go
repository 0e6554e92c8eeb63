package reports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/reports/render"
)

// Config is what an Engine reads from and renders with.
type Config struct {
	Store   eventstore.Store
	Decoder Decoder
	Index   Index
	Kinds   []Kind
	// Now is the clock for permission checks (grants expire); never for
	// a report's content.
	Now func() time.Time
	// Workers bounds each report's concurrent stream reads (default 8).
	Workers int
}

// Engine generates reports as of any position of the log. Safe for
// concurrent use.
type Engine struct {
	cfg      Config
	kinds    map[string]Kind
	renderer *render.Renderer // fonts parsed once
}

// New checks cfg and builds an engine.
func New(cfg Config) (*Engine, error) {
	if cfg.Store == nil || cfg.Decoder == nil || cfg.Index == nil || cfg.Now == nil {
		return nil, errors.New("reports: new: store, decoder, index and clock are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	r, err := render.New()
	if err != nil {
		return nil, fmt.Errorf("reports: new: %w", err)
	}
	e := &Engine{cfg: cfg, kinds: map[string]Kind{}, renderer: r}
	for _, k := range cfg.Kinds {
		if _, dup := e.kinds[k.Name()]; dup {
			return nil, fmt.Errorf("reports: new: kind %s listed twice", k.Name())
		}
		e.kinds[k.Name()] = k
	}
	return e, nil
}

// Kinds are the engine's report kinds, by name.
func (e *Engine) Kinds() []Kind {
	out := make([]Kind, 0, len(e.kinds))
	for _, k := range e.kinds {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b Kind) int { return cmp.Compare(a.Name(), b.Name()) })
	return out
}

// Request asks for one report.
type Request struct {
	OrgID  string
	Type   string
	Format render.Format // empty: the kind's first format
	Params Params
	AsOf   AsOf
}

// Result is a generated file and its manifest.
type Result struct {
	Bytes    []byte
	Manifest Manifest
}

// Prepared is a request checked against its kind, with its as-of resolved.
type Prepared struct {
	kind     Kind
	req      Request
	position eventstore.Position
	asOf     *string // the as-of asked, when not req.AsOf
}

// Manifest is the prepared request's manifest before rendering (no
// effective position, digest or size yet).
func (p Prepared) Manifest() Manifest {
	m := Manifest{Type: p.kind.Name(), OrgID: p.req.OrgID, Params: p.req.Params, Format: p.req.Format,
		AsOf: p.req.AsOf.String(), AsOfPosition: p.position, Generator: Generator}
	if p.asOf != nil {
		m.AsOf = *p.asOf
	}
	return m
}

// Prepare checks the request (kind, format, parameters), the caller's
// permission (reports.generate and the kind's own action, in the
// organisation or on the kind's project), and resolves the as-of to a
// position the log index has reached.
func (e *Engine) Prepare(ctx context.Context, who identity.Principal, req Request) (Prepared, error) {
	if !domain.ValidID(req.OrgID) {
		return Prepared{}, fmt.Errorf("%w: organisation id %q", ErrInvalidRequest, req.OrgID)
	}
	// A caller with no grant in the organisation learns nothing of it, not
	// even that a parameter is wrong: 404 first.
	org := identity.Target{OrgID: req.OrgID}
	if err := identity.Authorize(who, identity.ActReportsGenerate, org, e.cfg.Now()); errors.Is(err, domain.ErrNotFound) {
		return Prepared{}, fmt.Errorf("reports: %s in %s: %w", identity.ActReportsGenerate, req.OrgID, err)
	}
	pos, err := e.Resolve(ctx, req.AsOf)
	if err != nil {
		return Prepared{}, err
	}
	p, err := e.Plan(req, pos)
	if err != nil {
		return Prepared{}, err
	}
	action, projectID := p.kind.Access(p.req.Params)
	target := identity.Target{OrgID: req.OrgID, ProjectID: projectID}
	for _, a := range []identity.Action{identity.ActReportsGenerate, action} {
		if err := identity.Authorize(who, a, target, e.cfg.Now()); err != nil {
			return Prepared{}, fmt.Errorf("reports: %s on %+v: %w", a, target, err)
		}
	}
	return p, nil
}

// Plan prepares req at a position already resolved, without checking the
// caller: for regenerating a recorded report (its manifest's position) and
// for jobs whose caller was checked when they were submitted.
func (e *Engine) Plan(req Request, at eventstore.Position) (Prepared, error) {
	k, ok := e.kinds[req.Type]
	if !ok {
		return Prepared{}, fmt.Errorf("%w: unknown report type %q", ErrInvalidRequest, req.Type)
	}
	if req.Format == "" {
		req.Format = k.Formats()[0]
	}
	if !slices.Contains(k.Formats(), req.Format) {
		return Prepared{}, fmt.Errorf("%w: report type %s comes as %v, not %q", ErrInvalidRequest, k.Name(), k.Formats(), req.Format)
	}
	params, err := req.Params.check(k.Params())
	if err != nil {
		return Prepared{}, err
	}
	req.Params = params
	if c, ok := k.(Checker); ok {
		if err := c.Check(params); err != nil {
			return Prepared{}, err
		}
	}
	if at == 0 {
		return Prepared{}, fmt.Errorf("%w: position 0", ErrInvalidRequest)
	}
	return Prepared{kind: k, req: req, position: at}, nil
}

// WithAsOf is p recording asOf as the as-of asked for (a job resolved
// "now" or a time when submitted, and runs at the position).
func (p Prepared) WithAsOf(asOf string) Prepared {
	p.asOf = &asOf
	return p
}

// Request is the prepared request, its parameters complete.
func (p Prepared) Request() Request { return p.req }

// Position is the resolved as-of position.
func (p Prepared) Position() eventstore.Position { return p.position }

// Resolve turns an as-of into a position of the log the index has passed.
func (e *Engine) Resolve(ctx context.Context, a AsOf) (eventstore.Position, error) {
	head, err := e.cfg.Index.Head(ctx)
	if err != nil {
		return 0, err
	}
	switch {
	case a.Position != 0:
		if a.Position > head {
			return 0, fmt.Errorf("%w: asked %d, indexed up to %d", ErrNotYetIndexed, a.Position, head)
		}
		return a.Position, nil
	case !a.Time.IsZero():
		p, _, err := e.cfg.Index.At(ctx, a.Time, head)
		return p, err
	}
	if head == 0 {
		return 0, fmt.Errorf("%w: the log is empty", ErrNoEvents)
	}
	return head, nil
}

// Generate prepares and renders one report.
func (e *Engine) Generate(ctx context.Context, who identity.Principal, req Request, progress func(done, total int)) (Result, error) {
	p, err := e.Prepare(ctx, who, req)
	if err != nil {
		return Result{}, err
	}
	return e.Render(ctx, p, progress)
}

// Render builds and renders a prepared report: the kind folds a snapshot
// at the prepared position; the document's date is the recorded time of
// the last event it read, and its footer names the type and that
// position, so the same state gives the same bytes.
func (e *Engine) Render(ctx context.Context, p Prepared, progress func(done, total int)) (Result, error) {
	snap := NewSnapshot(e.cfg.Store, e.cfg.Decoder, e.cfg.Index, p.position)
	doc, err := p.kind.Build(ctx, Input{Snapshot: snap, OrgID: p.req.OrgID, Params: p.req.Params, Progress: progress, Workers: e.cfg.Workers})
	if err != nil {
		return Result{}, fmt.Errorf("reports: %s: %w", p.kind.Name(), err)
	}
	m := p.Manifest()
	m.EffectivePosition = snap.Effective()
	if m.EffectivePosition == 0 {
		return Result{}, fmt.Errorf("%w: %s read no event", ErrNoEvents, p.kind.Name())
	}
	if m.EffectiveTime, err = snap.TimeOf(ctx, m.EffectivePosition); err != nil {
		return Result{}, err
	}
	en, ro := p.kind.Title()
	doc.Lang, doc.Created, doc.Author = p.req.Params.Lang(), m.EffectiveTime, "Cronica"
	doc.Footer = footer(p.req.Params.Lang(), en, ro, m)
	b, err := e.renderer.Render(p.req.Format, doc)
	if err != nil {
		return Result{}, fmt.Errorf("reports: render %s as %s: %w", p.kind.Name(), p.req.Format, err)
	}
	m.SHA256, m.Size = Digest(b), len(b)
	m.FileName = fileName(p.kind.Name(), p.req.Params, m.EffectivePosition, p.req.Format)
	return Result{Bytes: b, Manifest: m}, nil
}

// footer is the line every page carries: what the report is and the state
// of the log it shows.
func footer(lang, en, ro string, m Manifest) string {
	at := m.EffectiveTime.UTC().Format("2006-01-02 15:04:05 UTC")
	if lang == "en" {
		return fmt.Sprintf("Cronica · %s · as of log position %d (%s)", en, m.EffectivePosition, at)
	}
	return fmt.Sprintf("Cronica · %s · conform jurnalului la poziția %d (%s)", ro, m.EffectivePosition, at)
}
