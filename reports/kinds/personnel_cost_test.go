package kinds_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/projections/identityview"
	"cronica/projections/timeview"
	"cronica/readapi"
	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// TestPersonnelCost prices the story's expert in 2026 and checks that the
// kind computes what the read API's GET /personnel-costs computes, figure
// for figure: the same personnelcost.Compute, fed from the log as of the
// snapshot by the kind and from the Time read models by the read API
// (its projectors run beside the rig's index here).
//
// Added to the story: a raise from July (9,900 RON), parental leave in
// May (5 working days), parental leave in June recorded then cancelled, a
// PEO project (actual hourly cost) and an approved April: 8 h on ALFA's
// A1.1 and 5 h on PEO1; March is locked. By hand: ALFA (HE, calendar
// year) rate = (6 × 9,000 + 6 × 9,900) / (215 − 5) = 113,400 / 210 = 540
// a day; WP1 1.5 + 1 days = 1,350.00, WP2 0.5 days = 270.00; PEO1 in
// April: 9,000 / (20 working days × 8 h) = 56.25 an hour, 5 h = 281.25;
// 1,901.25 RON in all.
func TestPersonnelCost(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	ctx := context.Background()
	for _, m := range []func(context.Context, *pgxpool.Pool) error{identityview.Migrate, timeview.Migrate} {
		pgtest.Must(t, m(ctx, r.Pool), "migrate the read models")
	}
	identitytest.RunProjectors(t, r.Store, r.Pool, slog.New(slog.DiscardHandler), identityview.Projector(), timeview.Projector())
	s := reportstest.Tell(t, r, "Costuri SRL")
	sys := identitytest.AsSystem()
	expert := s.Expert.PersonID
	must := func(_ any, err error) {
		t.Helper()
		pgtest.Must(t, err, "seed")
	}
	terms := timetest.FullTime(s.Manager.PersonID)
	terms.EffectiveFrom, terms.GrossMonthlyCents = calendar.NewDate(2026, 7, 1), 990_000
	must(r.Time.AmendContract.Handle(ctx, sys, commands.AmendContract{OrgID: s.OrgID, PersonID: expert,
		ContractID: s.Contracts[expert], Terms: terms, Note: "indexare salarială"}))
	must(r.Time.RecordLeave.Handle(ctx, sys, commands.RecordLeave{OrgID: s.OrgID, PersonID: expert, Leave: employment.Leave{
		Kind: employment.LeaveParental, Start: calendar.NewDate(2026, 5, 11), End: calendar.NewDate(2026, 5, 15)}}))
	june, err := r.Time.RecordLeave.Handle(ctx, sys, commands.RecordLeave{OrgID: s.OrgID, PersonID: expert, Leave: employment.Leave{
		Kind: employment.LeaveParental, Start: calendar.NewDate(2026, 6, 8), End: calendar.NewDate(2026, 6, 12)}})
	pgtest.Must(t, err, "record June's leave")
	must(r.Time.CancelLeave.Handle(ctx, sys, commands.CancelLeave{OrgID: s.OrgID, PersonID: expert, LeaveID: june.ID,
		Reason: "anulat la cererea angajatului"}))
	peo, err := r.Time.RegisterProject.Handle(ctx, sys, commands.RegisterProject{OrgID: s.OrgID, Details: project.Details{
		Programme: project.PEO, Title: "Competențe digitale", Acronym: "PEO1", SMISCode: "300100",
		Start: calendar.NewDate(2026, 1, 1), End: calendar.NewDate(2026, 12, 31)}})
	pgtest.Must(t, err, "register PEO1")
	wp, err := r.Time.AddWorkPackage.Handle(ctx, sys, commands.AddWorkPackage{OrgID: s.OrgID, ProjectID: peo.ID,
		WorkPackage: project.WorkPackage{Code: "WP1", Title: "Formare"}})
	pgtest.Must(t, err, "add PEO1's WP1")
	act, err := r.Time.AddActivity.Handle(ctx, sys, commands.AddActivity{OrgID: s.OrgID, ProjectID: peo.ID,
		Activity: project.Activity{WorkPackageID: wp.ID, Code: "A1", Title: "Cursuri"}})
	pgtest.Must(t, err, "add PEO1's A1")
	timetest.Assign(t, r.Bench, s.OrgID, expert, s.Contracts[expert], peo.ID)
	r.Clock.Advance(60 * 24 * time.Hour)
	april := calendar.Month{Year: 2026, Month: 4}
	for _, e := range []struct {
		day             int
		project, action string
		hours           float64
	}{{2, s.ProjectID, s.Activities[0], 8}, {1, peo.ID, act.ID, 5}} {
		must(r.Time.RecordTimeEntry.Handle(ctx, identitytest.As(s.ExpertP), commands.RecordTimeEntry{OrgID: s.OrgID, PersonID: expert,
			Month: april, Entry: timetest.Hours(calendar.NewDate(2026, 4, e.day), e.project, e.action, e.hours)}))
	}
	must(r.Time.SubmitTimesheet.Handle(ctx, identitytest.As(s.ExpertP), commands.SubmitTimesheet{OrgID: s.OrgID, PersonID: expert, Month: april}))
	must(r.Time.ApproveTimesheet.Handle(ctx, identitytest.As(s.ManagerP), commands.ApproveTimesheet{OrgID: s.OrgID, PersonID: expert, Month: april}))
	must(r.Time.LockTimesheet.Handle(ctx, identitytest.As(s.ManagerP), commands.LockTimesheet{OrgID: s.OrgID, PersonID: expert, Month: s.Month}))
	// A draft May is not priced.
	must(r.Time.RecordTimeEntry.Handle(ctx, identitytest.As(s.ExpertP), commands.RecordTimeEntry{OrgID: s.OrgID, PersonID: expert,
		Month: calendar.Month{Year: 2026, Month: 5}, Entry: timetest.Hours(calendar.NewDate(2026, 5, 4), s.ProjectID, s.Activities[0], 8)}))

	fo := identitytest.AddUser(t, r.Bench.Bench, s.OrgID, "Filip", identity.RoleFinancialOfficer)
	foP := identitytest.Principal(t, r.Bench.Bench, fo.AccountID)
	api := newReadAPI(r)
	year := reports.Params{"person": expert, "from": "2026-01", "to": "2026-12"}
	onPEO := reports.Params{"person": expert, "project": peo.ID, "from": "2026-04", "to": "2026-04"}

	t.Run("same_statement_as_the_read_api", func(t *testing.T) {
		for _, params := range []reports.Params{year, onPEO, {"person": expert, "from": "2025-01", "to": "2025-12"}} {
			head := r.Head(t)
			ours, err := kinds.PersonnelStatement(ctx, reports.Input{Snapshot: reports.NewSnapshot(r.Store, r.Codec, r.Index, head),
				OrgID: s.OrgID, Params: params, Workers: 4})
			pgtest.Must(t, err, "the kind's statement")
			target := "/api/v1/orgs/" + s.OrgID + "/personnel-costs?person=" + expert + "&from=" + params["from"] + "&to=" + params["to"]
			if params["project"] != "" {
				target += "&project=" + params["project"]
			}
			theirs := api.get(t, fo.AccountID, s.OrgID, target, head)
			mine, err := json.Marshal(ours)
			pgtest.Must(t, err, "encode")
			var a, b any
			pgtest.Must(t, json.Unmarshal(mine, &a), "decode ours")
			pgtest.Must(t, json.Unmarshal(theirs, &b), "decode the API's")
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%v: the kind's statement differs from the read API's:\n kind %s\n  api %s", params, mine, theirs)
			}
			if params["from"] != "2026-01" {
				continue
			}
			// And the figures by hand.
			if len(ours.Items) != 2 || len(ours.Totals) != 1 || ours.Totals[0].Cost.String() != "1901.25" {
				t.Fatalf("the year = %s", mine)
			}
			he := ours.Items[0]
			if he.Rates[0].Rate.String() != "540" || he.Total.String() != "1620.00" || len(he.Inputs.ParentalLeave) != 1 ||
				he.Inputs.ParentalLeave[0].Month.String() != "2026-05" || he.Inputs.ParentalLeave[0].Days.String() != "5" {
				t.Errorf("ALFA = %+v (the cancelled June leave must not count)", he)
			}
			if hourly := ours.Items[1]; hourly.Total.String() != "281.25" || hourly.Inputs.HourlyRates[0].Rate.String() != "56.25" {
				t.Errorf("PEO1 = %+v", hourly)
			}
		}
	})
	t.Run("pdf_shows_method_inputs_lines_and_total", func(t *testing.T) {
		res := r.Generate(t, foP, reports.Request{OrgID: s.OrgID, Type: "personnel_cost", Format: render.FormatPDF, Params: year})
		txt := reportstest.Squash(reportstest.PDFText(t, res.Bytes))
		for _, want := range []string{"Situația cheltuielilor de personal", "Popescu Ștefănița", "Costuri SRL",
			"Orizont Europa, tarif zilnic pe an calendaristic", "Programe naționale, cost orar efectiv",
			"Total 1.901,25 RON", "1.350,00", "270,00", "281,25", "56,2500", "540,0000", "9.900,00", "2026-05", "HE_YEARLY_DAYS_CEILING"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, txt)
			}
		}
		again := r.Generate(t, foP, reports.Request{OrgID: s.OrgID, Type: "personnel_cost", Format: render.FormatPDF, Params: year})
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same report twice gave different bytes")
		}
	})
	t.Run("xlsx_lines_and_totals", func(t *testing.T) {
		res := r.Generate(t, foP, reports.Request{OrgID: s.OrgID, Type: "personnel_cost", Format: render.FormatXLSX,
			Params: reports.Params{"person": expert, "from": "2026-01", "to": "2026-12", "lang": "en"}})
		lines := reportstest.XLSXRows(t, res.Bytes, "Lines")
		var costs []string
		for _, row := range lines[1:] {
			if len(row) > 8 {
				costs = append(costs, row[0]+" "+row[1]+" "+row[8])
			}
		}
		want := []string{"Costuri SRL WP1 1,350.00", "Costuri SRL WP2 270.00", "PEO1 WP1 281.25", "Total  1,901.25"}
		if strings.Join(costs, "|") != strings.Join(want, "|") {
			t.Errorf("lines = %q, want %q", costs, want)
		}
		again := r.Generate(t, foP, reports.Request{OrgID: s.OrgID, Type: "personnel_cost", Format: render.FormatXLSX,
			Params: reports.Params{"person": expert, "from": "2026-01", "to": "2026-12", "lang": "en"}})
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same report twice gave different bytes")
		}
	})
	t.Run("finance_read_is_needed", func(t *testing.T) {
		r.Head(t)
		_, err := r.Engine.Generate(ctx, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "personnel_cost", Params: year}, nil)
		if err == nil {
			t.Error("the project manager, without finance.read, generated a personnel-cost statement")
		}
	})
}

// readAPI is the read API's router over the rig's database, with a test
// middleware that names the caller.
type readAPI struct{ router *gin.Engine }

func newReadAPI(r *reportstest.Rig) readAPI {
	gin.SetMode(gin.TestMode)
	router := gin.New()
	router.Use(func(c *gin.Context) {
		auth.SetCaller(c, auth.Caller{AccountID: c.GetHeader("X-Test-Account"), OrgID: c.GetHeader("X-Test-Org"), Via: auth.ViaSession})
		c.Next()
	})
	readapi.Routes(router, readapi.Deps{Pool: r.Pool, Logger: slog.New(slog.DiscardHandler), Now: r.Clock.Now,
		Waiter: readapi.NewWaiter(r.Pool, 10*time.Second)})
	return readAPI{router: router}
}

// get GETs target as account once the read models have passed head, and
// returns the 200's body.
func (a readAPI) get(t *testing.T, account, org, target string, head eventstore.Position) []byte {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("X-Cronica-Min-Position", strconv.FormatUint(uint64(head), 10))
	req.Header.Set("X-Test-Account", account)
	req.Header.Set("X-Test-Org", org)
	rec := httptest.NewRecorder()
	a.router.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, rec.Code, body)
	}
	return body
}
