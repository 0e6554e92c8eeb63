package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/domain/identity"
	"cronica/internal/auth"
	"cronica/internal/bench"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/readapi"
	"cronica/realtime"
)

// benchRig is Cronica wired as serve wires it (router, projections and,
// when asked, the realtime hub) on a scratch database and a loopback port,
// with an organisation and its administrator holding an API token: what
// the end-to-end benches (`bench push`, `bench time`) run against.
type benchRig struct {
	name   string // the bench's name, for messages
	dbName string
	base   string // http://127.0.0.1:port
	pool   *pgxpool.Pool
	store  eventStore
	cache  *usecase.StreamCache
	orgID  string
	token  string        // the administrator's API token
	hub    *realtime.Hub // when rigOptions.realtime
	admin  identity.Principal
	ids    *usecase.Identity
	time   *usecase.Time
	stops  []func() error // in reverse order of start

	// handler is the router the port serves, for requests in process.
	handler http.Handler
}

// rigOptions says how a rig is built.
type rigOptions struct {
	name     string // "bench push"
	keep     bool   // keep the scratch database
	maxConns int32  // of the pool; 0: 32
	realtime bool   // start the websocket hub
	// projectors are the read models run; nil: every one (readModels).
	projectors []projections.Projector
}

// newBenchRig creates the scratch database beside serverURL, starts
// everything on it and seeds the organisation and its administrator.
func newBenchRig(ctx context.Context, cfg Config, serverURL string, o rigOptions, logger *slog.Logger, now func() time.Time) (r *benchRig, err error) {
	r = &benchRig{name: o.name}
	defer func() {
		if err != nil {
			err = errors.Join(err, r.close())
		}
	}()
	scratchURL, dbName, drop, err := bench.CreateScratch(ctx, serverURL)
	if err != nil {
		return r, fmt.Errorf("%s: %w", o.name, err)
	}
	r.dbName = dbName
	r.stops = append(r.stops, func() error {
		if o.keep {
			logger.Info(o.name+": kept the scratch database", "database", dbName)
			return nil
		}
		return drop(context.WithoutCancel(ctx))
	})
	poolCfg, err := pgxpool.ParseConfig(scratchURL)
	if err != nil {
		return r, fmt.Errorf("%s: %w", o.name, err)
	}
	poolCfg.MaxConns = 32
	if o.maxConns > 0 {
		poolCfg.MaxConns = o.maxConns
	}
	if r.pool, err = pgxpool.NewWithConfig(ctx, poolCfg); err != nil {
		return r, fmt.Errorf("%s: pool: %w", o.name, err)
	}
	r.stops = append(r.stops, func() error { r.pool.Close(); return nil })
	cfg.EventStore = EventStorePostgres
	if err := migrateAll(ctx, cfg, r.pool); err != nil {
		return r, fmt.Errorf("%s: %w", o.name, err)
	}
	if r.store, err = openStore(ctx, cfg, r.pool, logger, now); err != nil {
		return r, fmt.Errorf("%s: %w", o.name, err)
	}
	r.stops = append(r.stops, r.store.Close)
	cache, stopCache, err := startStreamCache(ctx, r.store, r.pool, logger)
	if err != nil {
		return r, fmt.Errorf("%s: %w", o.name, err)
	}
	r.cache = cache
	r.stops = append(r.stops, stopCache)
	if err := r.startProjections(ctx, o.projectors, logger); err != nil {
		return r, err
	}
	if err := r.startHTTP(ctx, cfg, o, logger, now); err != nil {
		return r, err
	}
	codec, err := newCodec()
	if err != nil {
		return r, fmt.Errorf("%s: %w", o.name, err)
	}
	env := usecase.Env{Store: r.store, Codec: codec, NewID: uuid.NewV7, Now: now, Cache: r.cache}
	r.ids, r.time = usecase.NewIdentity(env), usecase.NewTime(env)
	return r, r.seedAdmin(ctx)
}

// startProjections runs the projectors (nil: every read model's) until
// close.
func (r *benchRig) startProjections(ctx context.Context, ps []projections.Projector, logger *slog.Logger) error {
	if ps == nil {
		ps = readModels()
	}
	rt, err := projections.NewRuntime(r.store, r.pool, ps, projections.Config{Logger: logger})
	if err != nil {
		return fmt.Errorf("%s: %w", r.name, err)
	}
	projectCtx, stopProjecting := context.WithCancel(context.WithoutCancel(ctx))
	projected := make(chan error, 1)
	go func() { projected <- rt.Run(projectCtx) }()
	r.stops = append(r.stops, func() error { stopProjecting(); return <-projected })
	return nil
}

// startHTTP serves serve's routes on a loopback port.
func (r *benchRig) startHTTP(ctx context.Context, cfg Config, o rigOptions, logger *slog.Logger, now func() time.Time) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("%s: listen: %w", r.name, err)
	}
	r.base = "http://" + ln.Addr().String()
	deps := httpDeps{logger: logger, database: r.pool, store: r.store, readAPI: readapi.Deps{Pool: r.pool, Logger: logger, Now: now}}
	writeAPI, apiMiddleware, err := identityHTTP(cfg, r.pool, r.store, r.cache, logger, now, r.base)
	if err != nil {
		return errors.Join(fmt.Errorf("%s: %w", r.name, err), ln.Close())
	}
	deps.writeAPI, deps.api = &writeAPI, apiMiddleware
	if o.realtime {
		realtimeDeps, stopRealtime, err := startRealtime(ctx, r.pool, r.store, logger, now, r.base)
		if err != nil {
			return errors.Join(fmt.Errorf("%s: %w", r.name, err), ln.Close())
		}
		r.stops = append(r.stops, stopRealtime)
		deps.realtime, r.hub = realtimeDeps, realtimeDeps.hub
	}
	gin.SetMode(gin.ReleaseMode) // as serve does: no debug route dump
	r.handler = routes(deps)
	srv := &http.Server{Handler: r.handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	r.stops = append(r.stops, srv.Close)
	return nil
}

// seedAdmin records the organisation and its administrator with an API
// token, and waits until the identity read model has them.
func (r *benchRig) seedAdmin(ctx context.Context) error {
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: r.name}
	org, err := r.ids.RegisterOrganization.Handle(ctx, sys, usecase.RegisterOrganization{Details: identity.OrgDetails{
		LegalName: "Banc de probă SRL", RegistrationCode: "12345607", Kind: identity.OrgBeneficiary}})
	if err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	r.orgID = org.ID
	person, err := r.ids.RegisterPerson.Handle(ctx, sys, usecase.RegisterPerson{OrgID: org.ID,
		Details: identity.PersonDetails{GivenName: "Ana", FamilyName: "Banc"}})
	if err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	hash, err := auth.HashPassword(uuid.NewString(), rand.Reader)
	if err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	account, err := r.ids.CreateAccount.Handle(ctx, sys, usecase.CreateAccount{OrgID: org.ID, PersonID: person.ID,
		Email: "bench." + uuid.NewString()[:8] + "@banc.example", PasswordHash: hash})
	if err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	if _, err := r.ids.GrantRole.Handle(ctx, sys, usecase.GrantRole{OrgID: org.ID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: account.ID}, Role: identity.RoleOrgAdmin}); err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	token, tokenHash, err := auth.NewToken(auth.PrefixAPIToken, rand.Reader)
	if err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	r.token = token
	issued, err := r.ids.IssueAPIToken.Handle(ctx, sys, usecase.IssueAPIToken{AccountID: account.ID, Name: r.name,
		TokenHash: hex.EncodeToString(tokenHash[:])})
	if err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	if err := readapi.NewWaiter(r.pool, 30*time.Second).Wait(ctx, []string{identityview.Name}, issued.Position); err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	if r.admin, err = identityview.PrincipalFor(ctx, r.pool, account.ID); err != nil {
		return fmt.Errorf("%s: seed: %w", r.name, err)
	}
	return nil
}

// meta is the administrator's Meta for commands.
func (r *benchRig) meta() usecase.Meta { return usecase.Meta{Actor: r.admin, CorrelationID: r.name} }

// close stops everything, last started first, and drops the database.
func (r *benchRig) close() error {
	var errs []error
	for i := len(r.stops) - 1; i >= 0; i-- {
		if err := r.stops[i](); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	r.stops = nil
	return errors.Join(errs...)
}
