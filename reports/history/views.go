package history

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/task"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/eventstore"
)

// A state view is what a stream's entity is after its first n events: a
// JSON object built from the aggregate the domain's own Load function folds
// (its exported readers only), with every collection keyed by its items'
// ids so that a change has a stable path ("/entries/<entry id>/hours", not
// an array index). Secrets never appear; personal data only for a caller
// who may read it (redact).

// viewFunc is one category's state view after the first n events of f.
type viewFunc func(f *fold, n int) (map[string]any, error)

// typedView is the state view of a category whose aggregate the domain
// folds, and the event types its Load knows; ok is false for the
// categories folded generically (claims, reports, notifications,
// reminders, seals, categories added later).
func typedView(category string) (types map[string]domain.EventFactory, view viewFunc, ok bool) {
	switch category {
	case timesheet.Category:
		return timesheet.EventTypes(), timesheetView, true
	case project.Category:
		return project.EventTypes(), projectView, true
	case employment.Category:
		return employment.EventTypes(), employmentView, true
	case workcalendar.Category:
		return workcalendar.EventTypes(), workcalendarView, true
	case identity.CategoryOrganization:
		return identity.EventTypes(), organizationView, true
	case identity.CategoryPerson:
		return identity.EventTypes(), personView, true
	case identity.CategoryAccount:
		return identity.EventTypes(), accountView, true
	case identity.CategoryGroup:
		return identity.EventTypes(), groupView, true
	case identity.CategoryAccess:
		return identity.EventTypes(), accessView, true
	case task.Category:
		return task.EventTypes(), taskView, true
	case task.ListCategory:
		return task.EventTypes(), taskListView, true
	case task.FilterCategory:
		return task.EventTypes(), taskFilterView, true
	case chat.Category:
		return chat.EventTypes(), channelView, true
	case chat.MessageCategory:
		return chat.EventTypes(), chatMessageView, true
	case chat.ReadCategory:
		return chat.EventTypes(), chatReadView, true
	}
	return nil, nil, false
}

// fold is one stream's events up to the as-of, and what its state views
// are built from.
type fold struct {
	streamID string
	category string
	orgID    string
	raw      []eventstore.RecordedEvent
	// events are the decoded domain events when the category has a typed
	// view and every event is of a type its Load knows; else nil and view
	// is the generic fold.
	events []domain.Event
	view   viewFunc
	// personal: the caller may read personal data; opener opens it when
	// sealed (nil: shown as {"sealed": true}), in ctx, each value once
	// (opened).
	personal bool
	opener   PersonalOpener
	ctx      context.Context
	opened   map[string]any
	// data are the events' redacted data, decoded on first use.
	data []any
	// entries remembers each timesheet entry's last view by id: a state
	// shares the entries that did not change with the one before (and
	// Diff skips them), so a long month costs one map per entry version,
	// not one per entry and state.
	entries map[string]entryMemo
	// overlay is the generic fold's last state and how many events it
	// took in, to fold the next one onto.
	overlay  map[string]any
	overlayN int
}

// eventData is event i's data as a JSON value, secrets and personal data
// redacted. The value is shared: callers must not change it.
func (f *fold) eventData(i int) (any, error) {
	if f.data == nil {
		f.data = make([]any, len(f.raw))
	}
	if f.data[i] == nil {
		v, err := decodeJSON(f.raw[i].Data)
		if err != nil {
			return nil, fmt.Errorf("history: %s v%d: %w", f.streamID, f.raw[i].Version, err)
		}
		v = redact(v, f.personal)
		if err := f.openEventPersonal(f.raw[i].Type, v); err != nil {
			return nil, err
		}
		f.data[i] = v
	}
	return f.data[i], nil
}

// state is the state view after the first n events (n = 0: {}).
func (f *fold) state(n int) (map[string]any, error) {
	if n == 0 {
		return map[string]any{}, nil
	}
	if f.view != nil {
		return f.view(f, n)
	}
	return f.genericState(n)
}

// genericState is the overlay of the data objects of the first n events:
// each event's top-level fields replace the ones before (a data value that
// is not an object is kept under "value"). States are asked for in
// increasing n, so each folds one event onto the last.
func (f *fold) genericState(n int) (map[string]any, error) {
	if f.overlay == nil || n < f.overlayN {
		f.overlay, f.overlayN = map[string]any{}, 0
	}
	for ; f.overlayN < n; f.overlayN++ {
		d, err := f.eventData(f.overlayN)
		if err != nil {
			return nil, err
		}
		next := make(map[string]any, len(f.overlay)+4)
		for k, v := range f.overlay {
			next[k] = v
		}
		if obj, ok := d.(map[string]any); ok {
			for k, v := range obj {
				next[k] = v
			}
		} else {
			next["value"] = d
		}
		f.overlay = next
	}
	return f.overlay, nil
}

// timesheetView: the month's header, status, totals, entries by id (hours
// beside minutes), the warnings by code, date and entry, the signatures,
// the rejection reason and the reopenings in order.
func timesheetView(f *fold, n int) (map[string]any, error) {
	t, err := timesheet.Load(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	all := t.Entries()
	entries := make(map[string]any, len(all))
	for _, e := range all {
		entries[e.EntryID] = f.entryView(e)
	}
	warnings := map[string]any{}
	for _, w := range t.Warnings() {
		v, err := tree(w, f.personal)
		if err != nil {
			return nil, err
		}
		warnings[findingKey(w)] = v
	}
	reopenings := []any{}
	for _, r := range t.Reopenings() {
		v, err := tree(r, f.personal)
		if err != nil {
			return nil, err
		}
		reopenings = append(reopenings, v)
	}
	s := map[string]any{"timesheet_id": t.ID(), "org_id": t.OrgID(), "person_id": t.PersonID(), "month": t.Month().String(),
		"status": string(t.Status()), "total_minutes": jsonInt(int64(t.TotalMinutes())), "total_hours": hours(t.TotalMinutes()),
		"entries": entries, "warnings": warnings, "reopenings": reopenings}
	for key, sig := range map[string]*timesheet.Signature{"submitted": t.Submitted(), "approved": t.Approved()} {
		if sig != nil {
			v, err := tree(sig, f.personal)
			if err != nil {
				return nil, err
			}
			s[key] = v
		}
	}
	if r := t.RejectionReason(); r != "" {
		s["rejection_reason"] = r
	}
	return s, nil
}

// entryMemo is an entry and its view.
type entryMemo struct {
	entry timesheet.Entry
	view  map[string]any
}

// entryView is an entry's fields as its event writes them, with hours.
func (f *fold) entryView(e timesheet.Entry) map[string]any {
	if m, ok := f.entries[e.EntryID]; ok && m.entry == e {
		return m.view
	}
	v := map[string]any{"entry_id": e.EntryID, "date": e.Date.String(), "minutes": jsonInt(int64(e.Minutes)), "hours": hours(e.Minutes)}
	for k, s := range map[string]string{"project_id": e.ProjectID, "activity_id": e.ActivityID, "start": e.Start, "end": e.End,
		"description": e.Description, "task_id": e.TaskID, "reason": e.Reason} {
		if s != "" {
			v[k] = s
		}
	}
	if e.BreakMinutes != 0 {
		v["break_minutes"] = jsonInt(int64(e.BreakMinutes))
	}
	if f.entries == nil {
		f.entries = map[string]entryMemo{}
	}
	f.entries[e.EntryID] = entryMemo{entry: e, view: v}
	return v
}

// findingKey names a warning in the month's state: its code, and the date
// and entry it is about when it is about one.
func findingKey(w timesheet.Finding) string {
	k := w.Code
	if !w.Date.IsZero() {
		k += ":" + w.Date.String()
	}
	if w.EntryID != "" {
		k += ":" + w.EntryID
	}
	return k
}

// projectView: the details and rules, and the partners, work packages,
// activities, budget lines and members by id.
func projectView(f *fold, n int) (map[string]any, error) {
	p, err := project.Load(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	s, err := object(p.Details(), f.personal)
	if err != nil {
		return nil, err
	}
	s["project_id"], s["org_id"] = p.ID(), p.OrgID()
	if s["rules"], err = tree(p.Rules(), f.personal); err != nil {
		return nil, err
	}
	if s["partners"], err = keyed(p.Partners(), func(x project.Partner) string { return x.PartnerID }, f.personal); err != nil {
		return nil, err
	}
	if s["work_packages"], err = keyed(p.WorkPackages(), func(x project.WorkPackage) string { return x.WorkPackageID }, f.personal); err != nil {
		return nil, err
	}
	if s["activities"], err = keyed(p.Activities(), func(x project.Activity) string { return x.ActivityID }, f.personal); err != nil {
		return nil, err
	}
	if s["budget"], err = keyed(p.Budget(), budgetKey, f.personal); err != nil {
		return nil, err
	}
	if s["members"], err = keyed(p.Members(), func(x project.Member) string { return x.PersonID }, f.personal); err != nil {
		return nil, err
	}
	return s, nil
}

// budgetKey names a budget line: its category, and the partner's id for a
// partner's line.
func budgetKey(b project.BudgetLine) string {
	if b.PartnerID == "" {
		return string(b.Category)
	}
	return string(b.Category) + ":" + b.PartnerID
}

// employmentView: the contracts by id (their terms by the date they take
// effect), the assignments and the leave by id.
func employmentView(f *fold, n int) (map[string]any, error) {
	e, err := employment.Load(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	contracts := map[string]any{}
	for _, c := range e.Contracts() {
		terms := map[string]any{}
		for _, t := range c.Terms {
			if terms[t.EffectiveFrom.String()], err = tree(t, f.personal); err != nil {
				return nil, err
			}
		}
		v := map[string]any{"contract_id": c.ID, "number": c.Number, "type": string(c.Type), "start": c.Start.String(), "terms": terms}
		if !c.End.IsZero() {
			v["end"] = c.End.String()
		}
		contracts[c.ID] = v
	}
	s := map[string]any{"person_id": e.PersonID(), "org_id": e.OrgID(), "contracts": contracts}
	if s["assignments"], err = keyed(e.Assignments(), func(a employment.Assignment) string { return a.AssignmentID }, f.personal); err != nil {
		return nil, err
	}
	if s["leave"], err = keyed(e.Leave(), func(l employment.Leave) string { return l.LeaveID }, f.personal); err != nil {
		return nil, err
	}
	return s, nil
}

// workcalendarView: the organisation's extra days off by date.
func workcalendarView(f *fold, n int) (map[string]any, error) {
	c := workcalendar.Load(f.orgID, f.events[:n])
	days := map[string]any{}
	for _, h := range c.Extra() {
		days[h.Date.String()] = map[string]any{"name": h.Name, "name_ro": h.NameRO}
	}
	return map[string]any{"org_id": f.orgID, "days": days}, nil
}

// organizationView: the organisation's details.
func organizationView(f *fold, n int) (map[string]any, error) {
	o, err := identity.LoadOrganization(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	s, err := object(o.Details(), f.personal)
	if err != nil {
		return nil, err
	}
	s["org_id"] = o.ID()
	return s, nil
}

// personView: the person's details; the personal data as personalData
// says (opened from the sealed value the person holds then).
func personView(f *fold, n int) (map[string]any, error) {
	p, err := identity.LoadPerson(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	d := p.Details()
	clear := d.Personal
	d.Personal = identity.PersonalData{}
	s, err := object(d, f.personal)
	if err != nil {
		return nil, err
	}
	delete(s, "personal")
	sealed, in := p.Sealed()
	personal, err := f.personalData(p.ID(), in, clear, sealed, p.Erased())
	if err != nil {
		return nil, err
	}
	if personal != nil {
		s["personal"] = personal
	}
	s["person_id"], s["org_id"] = p.ID(), p.OrgID()
	if p.Erased() {
		s["personal_erased"] = true
	}
	return s, nil
}

// accountView: the account without its password hash (when the password
// was last set instead), its API tokens by id without their hashes.
func accountView(f *fold, n int) (map[string]any, error) {
	a, err := identity.LoadAccount(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	s := map[string]any{"account_id": a.ID(), "org_id": a.OrgID(), "person_id": a.PersonID(), "email": a.Email(), "enabled": a.Enabled()}
	if !a.LockedUntil().IsZero() {
		s["locked_until"] = timeText(a.LockedUntil())
	}
	tokens := map[string]any{}
	for i, e := range f.events[:n] {
		switch e := e.(type) {
		case *identity.AccountCreated, *identity.AccountPasswordChanged, *identity.PasswordReset:
			s["password_set_at"] = timeText(f.raw[i].Metadata.RecordedAt)
		case *identity.APITokenIssued:
			t, ok := a.APIToken(e.TokenID)
			if !ok {
				continue
			}
			v := map[string]any{"token_id": t.ID, "name": t.Name, "revoked": t.Revoked}
			if !t.ExpiresAt.IsZero() {
				v["expires_at"] = timeText(t.ExpiresAt)
			}
			tokens[t.ID] = v
		}
	}
	s["api_tokens"] = tokens
	return s, nil
}

// groupView: the group's name and members (account ids, as a set).
func groupView(f *fold, n int) (map[string]any, error) {
	g, err := identity.LoadGroup(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	members := map[string]any{}
	for _, m := range g.Members() {
		members[m] = true
	}
	return map[string]any{"group_id": g.ID(), "org_id": g.OrgID(), "name": g.Name(), "members": members}, nil
}

// accessView: the organisation's grants by id, those expired since
// included (with their expires_at), revoked ones gone.
func accessView(f *fold, n int) (map[string]any, error) {
	a := identity.LoadAccess(f.orgID, f.events[:n])
	grants, err := keyed(a.Grants(time.Time{}), func(g identity.Grant) string { return g.ID }, f.personal)
	if err != nil {
		return nil, err
	}
	return map[string]any{"org_id": f.orgID, "grants": grants}, nil
}

// keyed is items as an object keyed by key(item), each item as its JSON.
func keyed[T any](items []T, key func(T) string, personal bool) (map[string]any, error) {
	out := make(map[string]any, len(items))
	for _, it := range items {
		v, err := tree(it, personal)
		if err != nil {
			return nil, err
		}
		out[key(it)] = v
	}
	return out, nil
}

// hours is minutes as hours, exactly as a decimal (7.5; 20 minutes is
// 0.3333333333333333).
func hours(minutes int) json.Number {
	return json.Number(strconv.FormatFloat(float64(minutes)/60, 'f', -1, 64))
}

func jsonInt(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// timeText is t as the API writes times: RFC 3339 in UTC.
func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
