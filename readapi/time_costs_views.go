package readapi

import "cronica/domain/personnelcost"

// PersonnelCosts is GET /orgs/:org/personnel-costs: the statement
// domain/personnelcost computes (see personnelcost.Statement).
type PersonnelCosts = personnelcost.Statement

// PersonnelCostItem is one person's costs on one project.
type PersonnelCostItem = personnelcost.Item
