package commands

import (
	"context"

	"cronica/domain/project"
)

// AddProjectPartner adds a partner organisation to a project.
type AddProjectPartner struct {
	OrgID     string
	ProjectID string
	// Partner's PartnerID is ignored: the handler makes a new one.
	Partner project.Partner
}

// AddProjectPartnerHandler handles AddProjectPartner.
type AddProjectPartnerHandler struct{ env Env }

// Handle needs project.manage on the project; Result.ID is the new
// partner's id.
func (h AddProjectPartnerHandler) Handle(ctx context.Context, m Meta, cmd AddProjectPartner) (Result, error) {
	var id string
	res, err := h.env.changeProject(ctx, m, "add project partner", cmd.OrgID, cmd.ProjectID, func(p *project.Project) error {
		if cmd.Partner.OrgID != "" {
			if err := checkID("partner_org_id", cmd.Partner.OrgID); err != nil {
				return err
			}
		}
		var err error
		if id, err = h.env.newID(); err != nil {
			return err
		}
		pt := cmd.Partner
		pt.PartnerID = id
		return p.AddPartner(pt)
	})
	if err == nil {
		res.ID = id
	}
	return res, err
}
