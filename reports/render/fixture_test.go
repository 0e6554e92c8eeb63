package render_test

import (
	"fmt"
	"strconv"
	"time"

	"cronica/reports/render"
)

// Names that exercise every Romanian diacritic: the comma-below forms
// (U+0218-U+021B) and the older cedilla forms (U+015E, U+015F, U+0162,
// U+0163) some data still carries.
const (
	nameComma   = "Ștefănescu Țiriac Ăâî"
	nameCedilla = "Şerban Ţepeş"
	expertName  = "Ana Ștefănescu"
)

// timesheet is a timesheet-like document: fields, a table of rows days
// (weekends shaded) with hours, rate, cost and share, a totals row,
// signatures. total is the cost total as the CSV has it ("123456.78").
type timesheet struct {
	doc        render.Document
	totalCost  string
	totalHours string
}

// newTimesheet builds the fixture with the given number of table rows.
func newTimesheet(lang string, rows int) timesheet {
	created := time.Date(2026, 11, 26, 14, 30, 5, 0, time.FixedZone("EET", 2*3600))
	cols := []render.Column{
		{Title: "Date", Kind: render.Date, Width: 1.3},
		{Title: "Person", Kind: render.Text, Width: 2.2},
		{Title: "Activity", Kind: render.Text, Width: 3.5},
		{Title: "Days", Kind: render.Integer, Width: 0.8},
		{Title: "Hours", Kind: render.Number, Width: 0.9},
		{Title: "Rate", Kind: render.Money, Width: 1.1},
		{Title: "Cost", Kind: render.Money, Width: 1.4},
		{Title: "Share", Kind: render.Percent, Width: 0.9},
	}
	hours := []int{800, 750, 600, 425} // hundredths
	const rateCents = 15327
	var costCents, hoursSum int64
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var body [][]render.Cell
	for i := 0; i < rows; i++ {
		d := day.AddDate(0, 0, i)
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		h := hours[i%len(hours)]
		cost := (int64(h)*rateCents + 50) / 100 // cents, half up
		costCents += cost
		hoursSum += int64(h)
		person := nameComma
		if i%2 == 1 {
			person = nameCedilla
		}
		activity := fmt.Sprintf("WP%d task %d: analysis, drafting and review of deliverable D%d.%d", i%5+1, i, i%7+1, i%3+1)
		if i == 3 {
			activity = "A long activity description that has to wrap over several lines inside its narrow column, " +
				"because auditors want every word of it on the page: meetings, travel, reporting."
		}
		body = append(body, []render.Cell{
			{Text: d.Format("2006-01-02"), Shade: weekend},
			{Text: person, Shade: weekend},
			{Text: activity, Shade: weekend},
			{Text: "1", Shade: weekend},
			{Text: cents(int64(h)), Shade: weekend},
			{Text: cents(rateCents), Shade: weekend},
			{Text: cents(cost), Shade: weekend},
			{Text: "0.25", Shade: weekend},
		})
	}
	ts := timesheet{totalCost: cents(costCents), totalHours: cents(hoursSum)}
	ts.doc = render.Document{
		Title:    "Fișă de pontaj — " + expertName,
		Subtitle: "Proiect ACME-2026, ianuarie 2026",
		Lang:     lang,
		Created:  created,
		Author:   "Cronica",
		Footer:   "Cronica report timesheet.v1 as of position 4711 — sha256 of parameters 9f86d081884c7d65",
		Blocks: []render.Block{
			render.Fields{Items: []render.Field{
				{Label: "Expert", Value: expertName},
				{Label: "Coordinator", Value: nameComma},
				{Label: "Contract", Value: "CIM 12/2025, normă întreagă"},
			}},
			render.Heading{Text: "Activități", Level: 1},
			render.Paragraph{Text: "Orele de mai jos sunt cele aprobate.\nZilele de weekend sunt marcate cu gri."},
			render.Table{
				Name:    "Pontaj ianuarie",
				Columns: cols,
				Rows:    body,
				Footer: []render.Cell{
					{Text: "Total"}, {}, {}, {Text: strconv.Itoa(rows)}, {Text: cents(hoursSum)}, {}, {Text: cents(costCents)}, {},
				},
			},
			render.Heading{Text: "Semnături", Level: 2},
			render.Signatures{Items: []render.Signature{
				{Role: "Expert", Name: expertName, Detail: "submitted 2026-02-03 14:02 UTC"},
				{Role: "Coordonator", Name: nameComma, Detail: "approved 2026-02-05 09:15 UTC"},
				{Role: "Director", Name: nameCedilla, Detail: "approved 2026-02-06 11:00 UTC"},
			}},
		},
	}
	return ts
}

// cents prints an amount in hundredths as "1234.56".
func cents(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// groupRO and groupEN print "1234.56" as ro and en would.
func groupRO(s string) string { return group(s, ".", ",") }
func groupEN(s string) string { return group(s, ",", ".") }

func group(s, sep, point string) string {
	intPart, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
		}
	}
	out := ""
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out += sep
		}
		out += string(intPart[i])
	}
	if frac != "" {
		out += point + frac
	}
	return out
}
