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
	"net/url"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/readapi"
	"cronica/realtime"
)

// pushRig is Cronica wired as serve wires it (router, projections, realtime
// hub) on a scratch database and a loopback port, with an organisation, an
// administrator, their API token and a project, for `bench push`.
type pushRig struct {
	dbName     string
	base       string // http://127.0.0.1:port
	orgID      string
	projectID  string
	registered eventstore.Position // where the project was registered
	token      string              // the administrator's API token
	admin      identity.Principal
	details    project.Details
	commands   *usecase.Time
	hub        *realtime.Hub
	stops      []func() error // in reverse order of start
}

// newPushRig creates the scratch database beside serverURL and starts
// everything on it.
func newPushRig(ctx context.Context, cfg Config, serverURL string, keep bool, logger *slog.Logger, now func() time.Time) (r *pushRig, err error) {
	r = &pushRig{}
	defer func() {
		if err != nil {
			err = errors.Join(err, r.close())
		}
	}()
	scratchURL, name, drop, err := scratchDatabase(ctx, serverURL)
	if err != nil {
		return r, err
	}
	r.dbName = name
	r.stops = append(r.stops, func() error {
		if keep {
			logger.Info("bench push: kept the scratch database", "database", name)
			return nil
		}
		return drop(context.WithoutCancel(ctx))
	})
	poolCfg, err := pgxpool.ParseConfig(scratchURL)
	if err != nil {
		return r, fmt.Errorf("bench push: %w", err)
	}
	poolCfg.MaxConns = 32
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return r, fmt.Errorf("bench push: pool: %w", err)
	}
	r.stops = append(r.stops, func() error { pool.Close(); return nil })
	cfg.EventStore = EventStorePostgres
	if err := migrateAll(ctx, cfg, pool); err != nil {
		return r, fmt.Errorf("bench push: %w", err)
	}
	store, err := openStore(ctx, cfg, pool, logger, now)
	if err != nil {
		return r, fmt.Errorf("bench push: %w", err)
	}
	r.stops = append(r.stops, store.Close)

	rt, err := projections.NewRuntime(store, pool, readModels(), projections.Config{Logger: logger})
	if err != nil {
		return r, fmt.Errorf("bench push: %w", err)
	}
	projectCtx, stopProjecting := context.WithCancel(context.WithoutCancel(ctx))
	projected := make(chan error, 1)
	go func() { projected <- rt.Run(projectCtx) }()
	r.stops = append(r.stops, func() error { stopProjecting(); return <-projected })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return r, fmt.Errorf("bench push: listen: %w", err)
	}
	r.base = "http://" + ln.Addr().String()
	deps := httpDeps{logger: logger, database: pool, store: store, readAPI: readapi.Deps{Pool: pool, Logger: logger, Now: now}}
	writeAPI, apiMiddleware, err := identityHTTP(cfg, pool, store, logger, now, r.base)
	if err != nil {
		return r, errors.Join(fmt.Errorf("bench push: %w", err), ln.Close())
	}
	deps.writeAPI, deps.api = &writeAPI, apiMiddleware
	realtimeDeps, stopRealtime, err := startRealtime(ctx, pool, store, logger, now, r.base)
	if err != nil {
		return r, errors.Join(fmt.Errorf("bench push: %w", err), ln.Close())
	}
	r.stops = append(r.stops, stopRealtime)
	deps.realtime, r.hub = realtimeDeps, realtimeDeps.hub
	gin.SetMode(gin.ReleaseMode) // as serve does: no debug route dump
	srv := &http.Server{Handler: routes(deps), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	r.stops = append(r.stops, srv.Close)

	codec, err := newCodec()
	if err != nil {
		return r, fmt.Errorf("bench push: %w", err)
	}
	env := usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: now}
	r.commands = usecase.NewTime(env)
	return r, r.seed(ctx, usecase.NewIdentity(env), pool)
}

// seed records the organisation, its administrator with an API token, and
// the project, and waits until the identity read model has them.
func (r *pushRig) seed(ctx context.Context, ids *usecase.Identity, pool *pgxpool.Pool) error {
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "bench-push"}
	org, err := ids.RegisterOrganization.Handle(ctx, sys, usecase.RegisterOrganization{Details: identity.OrgDetails{
		LegalName: "Banc de probă SRL", RegistrationCode: "12345607", Kind: identity.OrgBeneficiary}})
	if err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	r.orgID = org.ID
	person, err := ids.RegisterPerson.Handle(ctx, sys, usecase.RegisterPerson{OrgID: org.ID,
		Details: identity.PersonDetails{GivenName: "Ana", FamilyName: "Banc"}})
	if err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	hash, err := auth.HashPassword(uuid.NewString(), rand.Reader)
	if err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	account, err := ids.CreateAccount.Handle(ctx, sys, usecase.CreateAccount{OrgID: org.ID, PersonID: person.ID,
		Email: "bench." + uuid.NewString()[:8] + "@banc.example", PasswordHash: hash})
	if err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	if _, err := ids.GrantRole.Handle(ctx, sys, usecase.GrantRole{OrgID: org.ID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: account.ID}, Role: identity.RoleOrgAdmin}); err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	token, tokenHash, err := auth.NewToken(auth.PrefixAPIToken, rand.Reader)
	if err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	r.token = token
	issued, err := ids.IssueAPIToken.Handle(ctx, sys, usecase.IssueAPIToken{AccountID: account.ID, Name: "bench push",
		TokenHash: hex.EncodeToString(tokenHash[:])})
	if err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	if err := readapi.NewWaiter(pool, 30*time.Second).Wait(ctx, []string{identityview.Name}, issued.Position); err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	if r.admin, err = identityview.PrincipalFor(ctx, pool, account.ID); err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	r.details = project.Details{Programme: project.HorizonEurope, Title: "Bench push", Acronym: "PUSH", GrantNumber: "101000002",
		Start: calendar.NewDate(2026, time.January, 1), End: calendar.NewDate(2028, time.December, 31)}
	p, err := r.commands.RegisterProject.Handle(ctx, r.meta(), usecase.RegisterProject{OrgID: org.ID, Details: r.details})
	if err != nil {
		return fmt.Errorf("bench push: seed: %w", err)
	}
	r.projectID, r.registered = p.ID, p.Position
	return nil
}

func (r *pushRig) meta() usecase.Meta {
	return usecase.Meta{Actor: r.admin, CorrelationID: "bench-push"}
}

// change issues the i-th command: the project's details with a new title.
func (r *pushRig) change(ctx context.Context, i int) (eventstore.Position, error) {
	d := r.details
	d.Title = fmt.Sprintf("Bench push %d", i)
	res, err := r.commands.ChangeProjectDetails.Handle(ctx, r.meta(),
		usecase.ChangeProjectDetails{OrgID: r.orgID, ProjectID: r.projectID, Details: d})
	if err != nil {
		return 0, fmt.Errorf("bench push: command %d: %w", i, err)
	}
	return res.Position, nil
}

// close stops everything, last started first, and drops the database.
func (r *pushRig) close() error {
	var errs []error
	for i := len(r.stops) - 1; i >= 0; i-- {
		if err := r.stops[i](); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	r.stops = nil
	return errors.Join(errs...)
}

// scratchDatabase creates cronica_bench_<random> on serverURL's server and
// returns its URL, its name and the function that drops it.
func scratchDatabase(ctx context.Context, serverURL string) (string, string, func(context.Context) error, error) {
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		return "", "", nil, fmt.Errorf("bench push: random suffix: %w", err)
	}
	name := "cronica_bench_" + hex.EncodeToString(suffix)
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", "", nil, fmt.Errorf("bench push: parse database url: %w", err)
	}
	admin, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return "", "", nil, fmt.Errorf("bench push: connect %s: %w", redactURL(serverURL), err)
	}
	defer admin.Close(context.WithoutCancel(ctx))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", "", nil, fmt.Errorf("bench push: create scratch database %s: %w", name, err)
	}
	u.Path = "/" + name
	drop := func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, serverURL)
		if err != nil {
			return fmt.Errorf("bench push: drop %s: connect: %w", name, err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("bench push: drop %s: %w", name, err)
		}
		return nil
	}
	return u.String(), name, drop, nil
}
