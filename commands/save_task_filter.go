package commands

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/task"
)

// SaveTaskFilter saves a filter of the caller's: a new one, or (FilterID
// set) one of theirs again.
type SaveTaskFilter struct {
	OrgID    string
	FilterID string // "": a new filter
	Name     string
	Shared   bool // everyone of the organisation sees it
	Query    task.Query
}

// SaveTaskFilterHandler handles SaveTaskFilter.
type SaveTaskFilterHandler struct{ env taskEnv }

// Handle saves the filter with tasks.write in the organisation (auditors,
// who change nothing, save none). Another's filter is domain.ErrNotFound
// (domain.ErrForbidden when it is shared: the caller sees it). The query
// is checked for shape only: what it finds is always limited to what the
// reader may read. Result.ID is the filter's id.
func (h SaveTaskFilterHandler) Handle(ctx context.Context, m Meta, cmd SaveTaskFilter) (Result, error) {
	const op = "save task filter"
	fail := func(err error) (Result, error) { return Result{}, fmt.Errorf("commands: %s: %w", op, err) }
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return fail(err)
	}
	if cmd.FilterID != "" {
		if err := checkID("filter_id", cmd.FilterID); err != nil {
			return fail(err)
		}
	}
	if err := h.env.writerIn(m.Actor, cmd.OrgID); err != nil {
		return fail(err)
	}
	if err := identity.Authorize(m.Actor, identity.ActTasksWrite, identity.Target{OrgID: cmd.OrgID}, h.env.Now()); err != nil {
		return fail(err)
	}
	id := cmd.FilterID
	if id == "" {
		var err error
		if id, err = h.env.newID(); err != nil {
			return fail(err)
		}
	}
	return retryTask(ctx, func() (Result, error) {
		f, err := h.env.ownFilter(ctx, m.Actor, cmd.OrgID, id, cmd.FilterID == "")
		if err != nil {
			return fail(err)
		}
		if err := f.Save(cmd.Name, cmd.Shared, cmd.Query); err != nil {
			return fail(err)
		}
		res, err := h.env.save(ctx, task.FilterStreamOf(id), f.Version(), cmd.OrgID, f.Changes(), m)
		if err != nil {
			return Result{}, err
		}
		res.ID = id
		return res, nil
	})
}

// ownFilter loads filter id of p's in orgID, or (fresh) a new one.
func (env taskEnv) ownFilter(ctx context.Context, p identity.Principal, orgID, id string, fresh bool) (*task.Filter, error) {
	h, err := env.load(ctx, task.FilterStreamOf(id))
	if err != nil {
		return nil, err
	}
	if fresh && len(h) == 0 {
		return task.NewFilter(id, orgID, p.AccountID)
	}
	f, err := task.LoadFilter(h)
	if err != nil {
		return nil, fmt.Errorf("commands: task filter %s: %w", id, err)
	}
	switch {
	case f.OrgID() != orgID || f.Deleted() || (f.OwnerAccountID() != p.AccountID && !f.Shared()):
		return nil, fmt.Errorf("commands: task filter %s: %w", id, domain.ErrNotFound)
	case f.OwnerAccountID() != p.AccountID && !p.IsSystem():
		return nil, fmt.Errorf("commands: task filter %s is someone else's: %w", id, domain.ErrForbidden)
	}
	return f, nil
}
