package main

import (
	"context"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/reports/jobs"
	"cronica/test/pgtest"
)

// auditRig is a server wired as serve wires it, with the report routes,
// its router for requests in process, and the commands' Env (people's
// personal data sealed with the server's keyring), for the audit tests.
type auditRig struct {
	s       *testServer
	router  *gin.Engine
	service *jobs.Service
	env     usecase.Env
}

// newAuditRig starts the rig on a database of its own named name.
func newAuditRig(t *testing.T, name string) auditRig {
	t.Helper()
	dbURL := pgtest.NewDatabase(t, name)
	var (
		deps httpDeps
		r    auditRig
	)
	r.s = startTestServer(t, dbURL, nil, func(s *testServer, d *httpDeps) func() {
		var err error
		r.service, err = newReports(s.pool, s.store, nil, s.logger, time.Now)
		pgtest.Must(t, err, "reports")
		mountReports(d, r.service, s.store, s.pool)
		deps = *d
		return func() {}
	})
	gin.SetMode(gin.ReleaseMode)
	r.router = routes(deps)
	codec, err := newCodec()
	pgtest.Must(t, err, "codec")
	keys, err := openKeyring(context.Background(), r.s.cfg, r.s.pool, r.s.logger, time.Now) // people's CNPs are sealed
	pgtest.Must(t, err, "keyring")
	r.env = usecase.Env{Store: r.s.store, Codec: codec, NewID: uuid.NewV7, Now: time.Now, Personal: keys}
	return r
}
