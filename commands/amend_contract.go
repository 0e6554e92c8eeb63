package commands

import (
	"context"

	"cronica/domain/employment"
)

// AmendContract records new terms of a contract from Terms.EffectiveFrom
// (an act adițional); the terms in force before it stay as they were.
type AmendContract struct {
	OrgID      string
	PersonID   string
	ContractID string
	Terms      employment.Terms
	Note       string
}

// AmendContractHandler handles AmendContract.
type AmendContractHandler struct{ env Env }

// Handle needs contracts.manage in the organisation; a new supervisor must
// be a person of it. Result.ID is the contract's id.
func (h AmendContractHandler) Handle(ctx context.Context, m Meta, cmd AmendContract) (Result, error) {
	return h.env.changeEmployment(ctx, m, "amend contract", cmd.OrgID, cmd.PersonID, func(e *employment.Employment) (string, error) {
		if err := h.env.checkSupervisor(ctx, cmd.OrgID, cmd.Terms.SupervisorID); err != nil {
			return "", err
		}
		return cmd.ContractID, e.Amend(cmd.ContractID, cmd.Terms, cmd.Note)
	})
}
