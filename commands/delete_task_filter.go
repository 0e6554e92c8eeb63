package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// DeleteTaskFilter deletes one of the caller's saved filters.
type DeleteTaskFilter struct {
	OrgID    string
	FilterID string
}

// DeleteTaskFilterHandler handles DeleteTaskFilter.
type DeleteTaskFilterHandler struct{ env taskEnv }

// Handle deletes the filter with tasks.write in the organisation; only its
// owner may (another's shared filter is domain.ErrForbidden, an unshared
// one, a deleted one or none domain.ErrNotFound).
func (h DeleteTaskFilterHandler) Handle(ctx context.Context, m Meta, cmd DeleteTaskFilter) (Result, error) {
	const op = "delete task filter"
	fail := func(err error) (Result, error) { return Result{}, fmt.Errorf("commands: %s: %w", op, err) }
	if err := checkIDs("org_id", cmd.OrgID, "filter_id", cmd.FilterID); err != nil {
		return fail(err)
	}
	if err := h.env.writerIn(m.Actor, cmd.OrgID); err != nil {
		return fail(err)
	}
	if err := identity.Authorize(m.Actor, identity.ActTasksWrite, identity.Target{OrgID: cmd.OrgID}, h.env.Now()); err != nil {
		return fail(err)
	}
	return retryTask(ctx, func() (Result, error) {
		f, err := h.env.ownFilter(ctx, m.Actor, cmd.OrgID, cmd.FilterID, false)
		if err != nil {
			return fail(err)
		}
		if err := f.Delete(); err != nil {
			return fail(err)
		}
		res, err := h.env.save(ctx, task.FilterStreamOf(cmd.FilterID), f.Version(), cmd.OrgID, f.Changes(), m)
		if err != nil {
			return Result{}, err
		}
		res.ID = cmd.FilterID
		return res, nil
	})
}
