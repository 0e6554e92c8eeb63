package writeapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/auditaccess"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/internal/auth/authhttp"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/writeapi"
)

// failingRecorder stands for a log that cannot take the record: the
// request must not be served.
type failingRecorder struct{}

func (failingRecorder) Handle(context.Context, commands.Meta, commands.RecordAuditorRead) (commands.Result, error) {
	return commands.Result{}, errors.New("the log is unavailable")
}

// An auditor's request is recorded before its handler runs (route pattern
// and target); an administrator's is not; when the record fails the
// request is 503 auditor_read_not_recorded and its handler never runs.
func TestAuditorReadsAreRecordedBeforeServing(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Audit SRL")
	auditor := identitytest.AddUser(t, w.bench, org.OrgID, "Aurel", identity.RoleAuditor)
	const pw = "parola auditorului de test"
	auditorClient := w.signedIn(t, auditor, pw)
	adminClient := w.signedIn(t, org.Admin, pw)

	codec, err := commands.NewCodec(identity.EventTypes(), auditaccess.EventTypes())
	pgtest.Must(t, err, "codec")
	env := w.bench.Env
	env.Codec = codec
	served := 0
	router := func(rec writeapi.AuditorReadRecorder) *gin.Engine {
		r := gin.New()
		api := r.Group("", authhttp.Authenticate(w.deps.Sessions, writeapi.APITokens{Reads: w.pool, Now: time.Now}, w.deps.Logger),
			writeapi.AuditorReads(w.pool, rec, time.Now, w.deps.Logger))
		api.GET("/api/v1/orgs/:org/probe", func(c *gin.Context) { served++; c.JSON(http.StatusOK, gin.H{}) })
		return r
	}
	target := "/api/v1/orgs/" + org.OrgID + "/probe?month=2026-03"

	auditorClient.router = router(commands.NewRecordAuditorRead(env))
	want(t, "the auditor's read", auditorClient.do(t, http.MethodGet, target, nil), http.StatusOK, "")
	stored, err := w.bench.Store.ReadStream(context.Background(), auditaccess.StreamOf(auditor.AccountID, org.OrgID, time.Now()), 0, 10)
	pgtest.Must(t, err, "read the auditor's stream")
	if len(stored) != 1 || stored[0].Type != auditaccess.TypeAuditorRead {
		t.Fatalf("the auditor's stream holds %+v, want one read", stored)
	}
	var read auditaccess.AuditorRead
	pgtest.Must(t, json.Unmarshal(stored[0].Data, &read), "decode")
	if read.AccountID != auditor.AccountID || read.OrgID != org.OrgID || read.Route != "GET /api/v1/orgs/:org/probe" ||
		read.Target != target || read.Kind != auditaccess.KindHTTP || len(read.GrantIDs) != 1 {
		t.Errorf("recorded %+v", read)
	}

	adminClient.router = auditorClient.router
	want(t, "the administrator's read", adminClient.do(t, http.MethodGet, target, nil), http.StatusOK, "")
	if got, err := w.bench.Store.ReadStream(context.Background(), auditaccess.StreamOf(org.Admin.AccountID, org.OrgID, time.Now()), 0, 10); !errors.Is(err, eventstore.ErrStreamNotFound) || len(got) != 0 {
		t.Errorf("an administrator's read was recorded: %+v", got)
	}
	if served != 2 {
		t.Fatalf("served %d requests, want 2", served)
	}

	auditorClient.router = router(failingRecorder{})
	want(t, "a read that cannot be recorded", auditorClient.do(t, http.MethodGet, target, nil), http.StatusServiceUnavailable, "auditor_read_not_recorded")
	if served != 2 {
		t.Error("a read that could not be recorded was served")
	}
}
