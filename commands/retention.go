package commands

// Retention holds the use cases of the retention rule and personal data
// (COMPLIANCE A.6, GDPR): erasing a person's personal data by
// crypto-shredding once their projects' retention periods are over, and
// the holds that keep a project's records beyond them.
type Retention struct {
	ErasePersonalData  ErasePersonalDataHandler
	PlaceRetentionHold PlaceRetentionHoldHandler
	LiftRetentionHold  LiftRetentionHoldHandler
}

// NewRetention builds the retention handlers over env. env's Codec must
// know the event types of identity, project, retention, employment and
// timesheet, and env.Personal must be set for erasures.
func NewRetention(env Env) *Retention {
	return &Retention{
		ErasePersonalData:  ErasePersonalDataHandler{env},
		PlaceRetentionHold: PlaceRetentionHoldHandler{env},
		LiftRetentionHold:  LiftRetentionHoldHandler{env},
	}
}
