package commands

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/auditaccess"
	"cronica/eventstore"
)

// RecordAuditorRead records one read of an auditor (domain/auditaccess):
// Read.AccountID and Read.GrantIDs are the caller's, filled here.
type RecordAuditorRead struct {
	Read auditaccess.AuditorRead
}

// RecordAuditorReadHandler handles RecordAuditorRead.
type RecordAuditorReadHandler struct{ env Env }

// NewRecordAuditorRead builds the handler over env (env's Codec must know
// auditaccess.EventTypes).
func NewRecordAuditorRead(env Env) RecordAuditorReadHandler { return RecordAuditorReadHandler{env} }

// Handle appends the read to the auditor's stream of the day when the
// caller holds an auditor grant in force in the read's organisation, and
// does nothing otherwise (Result.Position 0): only auditors' reads are
// recorded. The stream is shared by the auditor's concurrent requests, so
// the append expects any version.
func (h RecordAuditorReadHandler) Handle(ctx context.Context, m Meta, cmd RecordAuditorRead) (Result, error) {
	now := h.env.Now()
	r := cmd.Read
	r.AccountID = m.Actor.AccountID
	r.GrantIDs = m.Actor.AuditorGrants(r.OrgID, now)
	if len(r.GrantIDs) == 0 {
		return Result{}, nil
	}
	e, err := auditaccess.Read(r)
	if err != nil {
		return Result{}, fmt.Errorf("commands: record auditor read: %w", err)
	}
	stream := auditaccess.StreamOf(r.AccountID, r.OrgID, now)
	events, err := h.env.eventData([]domain.Event{e}, r.OrgID, m)
	if err != nil {
		return Result{}, fmt.Errorf("commands: record auditor read: %w", err)
	}
	res, err := h.env.Store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: events})
	if err != nil {
		return Result{}, fmt.Errorf("commands: record auditor read: %w", err)
	}
	return Result{Version: res.LastVersion, Position: res.Position}, nil
}
