package readapi

import (
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/projections/auditlog"
)

// DefaultWaitTimeout is how long a read waits for min_position when Deps
// has no Waiter.
const DefaultWaitTimeout = 3 * time.Second

// Deps is what the read API is built from.
type Deps struct {
	// Pool reaches the read models and the projection checkpoints.
	Pool *pgxpool.Pool
	// AdminToken guards the audit endpoints until the Identity issue brings
	// real sessions: requests must send "Authorization: Bearer <token>".
	// Empty disables them (403 audit_disabled).
	AdminToken string
	// Waiter makes reads wait for min_position; nil means
	// NewWaiter(Pool, DefaultWaitTimeout).
	Waiter *Waiter
	// Logger receives the errors that become 500s (bugs); nil means
	// slog.Default().
	Logger *slog.Logger
}

// api is the handlers' shared state.
type api struct {
	pool   *pgxpool.Pool
	waiter *Waiter
	log    *slog.Logger
}

// Routes registers the read API on r. This is its whole route table: each
// read route names the projectors it reads from, and waits for them.
func Routes(r gin.IRouter, deps Deps) {
	a := &api{pool: deps.Pool, waiter: deps.Waiter, log: deps.Logger}
	if a.waiter == nil {
		a.waiter = NewWaiter(deps.Pool, DefaultWaitTimeout)
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	admin := a.requireAdmin(deps.AdminToken)

	v1 := r.Group("/api/v1")
	v1.GET("/audit/events", admin, a.readYourWrites(auditlog.Name), a.auditEvents)
}
