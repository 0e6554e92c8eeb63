package commands

import (
	"context"

	"cronica/domain/calendar"
	"cronica/domain/employment"
)

// EndContract sets a contract's last day.
type EndContract struct {
	OrgID      string
	PersonID   string
	ContractID string
	End        calendar.Date
	Reason     string
}

// EndContractHandler handles EndContract.
type EndContractHandler struct{ env Env }

// Handle needs contracts.manage in the organisation; an end before the
// start is EMPLOYMENT_CONTRACT_END_BEFORE_START. Result.ID is the
// contract's id.
func (h EndContractHandler) Handle(ctx context.Context, m Meta, cmd EndContract) (Result, error) {
	return h.env.changeEmployment(ctx, m, "end contract", cmd.OrgID, cmd.PersonID, func(e *employment.Employment) (string, error) {
		return cmd.ContractID, e.EndContract(cmd.ContractID, cmd.End, cmd.Reason)
	})
}
