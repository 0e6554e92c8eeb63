package kinds

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/reports"
	"cronica/reports/render"
)

// All are every report kind, for the engine.
func All() []reports.Kind {
	return []reports.Kind{
		Anexa8{},
		HEDeclaration{},
		Anexa10{},
		Anexa13{},
		Effort{},
		PersonnelCost{},
		AuditTrail{},
	}
}

// Parameter specs shared by kinds.
var (
	personParam = reports.ParamSpec{Name: "person", Kind: reports.ParamID, Required: true,
		Help: "the person (expert) id", HelpRO: "id-ul persoanei (expertului)"}
	projectParam = reports.ParamSpec{Name: "project", Kind: reports.ParamID, Required: true,
		Help: "the project id", HelpRO: "id-ul proiectului"}
	monthParam = reports.ParamSpec{Name: "month", Kind: reports.ParamMonth, Required: true,
		Help: "the month, YYYY-MM", HelpRO: "luna, AAAA-LL"}
)

// personName is "Family Given" as of the snapshot.
func personName(ctx context.Context, in reports.Input, personID string) (string, error) {
	p, err := in.Snapshot.Person(ctx, in.OrgID, personID)
	if err != nil {
		return "", err
	}
	d := p.Details()
	return strings.TrimSpace(d.FamilyName + " " + d.GivenName), nil
}

// signerName names a signature's person, or its account when the person is
// unknown.
func signerName(ctx context.Context, in reports.Input, s *timesheet.Signature) (string, error) {
	if s.PersonID != "" {
		name, err := personName(ctx, in, s.PersonID)
		if err == nil || !errors.Is(err, domain.ErrNotFound) {
			return name, err
		}
	}
	return accountName(ctx, in, s.AccountID)
}

// accountName names an actor: its person's name, else its email, else its
// id (the system, or an account of which the log says nothing).
func accountName(ctx context.Context, in reports.Input, accountID string) (string, error) {
	if !domain.ValidID(accountID) {
		return accountID, nil
	}
	a, err := in.Snapshot.Account(ctx, accountID)
	if errors.Is(err, domain.ErrNotFound) {
		return accountID, nil
	}
	if err != nil {
		return "", err
	}
	if a.PersonID() != "" && a.OrgID() == in.OrgID {
		if name, err := personName(ctx, in, a.PersonID()); err == nil {
			return name, nil
		} else if !errors.Is(err, domain.ErrNotFound) {
			return "", err
		}
	}
	return a.Email(), nil
}

// organizationName is the organisation's legal name and its CUI.
func organizationName(ctx context.Context, in reports.Input) (name, cui string, err error) {
	o, err := in.Snapshot.Organization(ctx, in.OrgID)
	if err != nil {
		return "", "", err
	}
	return o.Details().LegalName, o.Details().RegistrationCode, nil
}

// hoursText is minutes as decimal hours for a Number cell, 2 decimals at
// most ("7.5", "0.17").
func hoursText(minutes int64) string {
	s := new(big.Rat).SetFrac64(minutes, 60).FloatString(2)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}

// dateText is a date for running text: 02.03.2026 in Romanian, 2026-03-02
// in English.
func dateText(lang string, d calendar.Date) string {
	if lang == "en" {
		return d.String()
	}
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

// instantText is a recorded instant for running text, in UTC.
func instantText(lang string, t time.Time) string {
	t = t.UTC()
	if lang == "en" {
		return t.Format("2006-01-02 15:04 UTC")
	}
	return t.Format("02.01.2006 15:04 UTC")
}

// monthText names a month: "martie 2026", "March 2026".
func monthText(lang string, m calendar.Month) string {
	if lang == "en" {
		return fmt.Sprintf("%s %d", m.Month, m.Year)
	}
	return fmt.Sprintf("%s %d", monthsRO[m.Month-1], m.Year)
}

var monthsRO = [12]string{"ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august",
	"septembrie", "octombrie", "noiembrie", "decembrie"}

var weekdaysRO = [7]string{"Du", "Lu", "Ma", "Mi", "Jo", "Vi", "Sâ"}

// weekdayText is a short weekday name.
func weekdayText(lang string, d calendar.Date) string {
	if lang == "en" {
		return d.Weekday().String()[:3]
	}
	return weekdaysRO[d.Weekday()]
}

// statusText names a timesheet status.
func statusText(lang string, s timesheet.Status) string {
	if lang == "en" {
		return string(s)
	}
	switch s {
	case timesheet.StatusDraft:
		return "ciornă (nesemnată)"
	case timesheet.StatusSubmitted:
		return "depusă (semnată de expert)"
	case timesheet.StatusApproved:
		return "aprobată"
	case timesheet.StatusRejected:
		return "respinsă"
	case timesheet.StatusLocked:
		return "închisă"
	}
	return string(s)
}

// text, number and date cells.
func text(s string) render.Cell            { return render.Cell{Text: s} }
func number(s string) render.Cell          { return render.Cell{Text: s} }
func bold(s string) render.Cell            { return render.Cell{Text: s, Bold: true} }
func dateCell(d calendar.Date) render.Cell { return render.Cell{Text: d.String()} }

// orgTarget is the access of a kind that needs action in the organisation.
func orgTarget(a identity.Action) (identity.Action, string) { return a, "" }
