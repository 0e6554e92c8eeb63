package commands

import (
	"context"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
)

// SignContract records a work contract of a person of the organisation
// (COMPLIANCE C.14): its number, type, dates and first terms.
type SignContract struct {
	OrgID    string
	PersonID string
	Number   string
	Type     employment.ContractType
	Start    calendar.Date
	End      calendar.Date // zero: indefinite
	// Terms take effect on Start (their EffectiveFrom is ignored).
	Terms employment.Terms
}

// SignContractHandler handles SignContract.
type SignContractHandler struct{ env Env }

// Handle needs contracts.manage in the organisation. The person and the
// supervisor, when named, must be persons of the organisation (another's,
// or none, is domain.ErrNotFound for the person and
// EMPLOYMENT_UNKNOWN_SUPERVISOR for the supervisor). Result.ID is the new
// contract's id (the first id the handler takes). The contract's claim
// stream (employment.ClaimStreamOf) is written first.
func (h SignContractHandler) Handle(ctx context.Context, m Meta, cmd SignContract) (Result, error) {
	return h.env.changeEmployment(ctx, m, "sign contract", cmd.OrgID, cmd.PersonID, func(e *employment.Employment) (string, error) {
		if err := h.env.checkSupervisor(ctx, cmd.OrgID, cmd.Terms.SupervisorID); err != nil {
			return "", err
		}
		id, err := h.env.newID()
		if err != nil {
			return "", err
		}
		if err := e.SignContract(employment.ContractSigned{ContractID: id, Number: cmd.Number, Type: cmd.Type,
			Start: cmd.Start, End: cmd.End, Terms: cmd.Terms}); err != nil {
			return "", err
		}
		// The claim first: a role can then be granted to the contract by
		// its id alone (a claim whose contract was not saved means nothing).
		claim := &employment.ContractClaimed{ContractID: id, OrgID: cmd.OrgID, PersonID: cmd.PersonID}
		if _, err := h.env.save(ctx, employment.ClaimStreamOf(id), -1, cmd.OrgID, []domain.Event{claim}, m); err != nil {
			return "", err
		}
		return id, nil
	})
}
