package kinds

import (
	"context"

	"cronica/domain/personnelcost"
	"cronica/reports"
)

// PersonnelStatement is the statement the personnel_cost kind lays out,
// for tests that compare it with the read API's.
func PersonnelStatement(ctx context.Context, in reports.Input) (personnelcost.Statement, error) {
	_, _, st, err := personnelStatement(ctx, in)
	return st, err
}
