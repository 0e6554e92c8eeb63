package readapi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections/chatview"
	"cronica/projections/search"
	"cronica/projections/taskview"
	"cronica/projections/timeview"
)

// SearchIndex is the search index the search route reads
// (*searchindex.Index): safe for concurrent use.
type SearchIndex interface {
	search.Searcher
	Checkpoint() (eventstore.Position, error)
}

// SearchPage is GET /orgs/:org/search: hits, total and facets over the
// documents the caller may read, named (search_names.go); NextCursor is
// null on the last page.
type SearchPage struct {
	Total      uint64                  `json:"total"`
	Hits       []SearchHit             `json:"hits"`
	Facets     map[string][]SearchTerm `json:"facets"`
	NextCursor *string                 `json:"next_cursor"`
}

// searchParams are the parameters GET /orgs/:org/search takes.
var searchParams = []string{"q", "kind", "project", "channel", "author", "from", "to", "limit", "cursor"}

// maxChosenLen is the longest value of a facet parameter (ids are 36
// bytes).
const maxChosenLen = 100

// searchWaitPoll is how often a search given min_position looks at the
// index's checkpoint.
const searchWaitPoll = 20 * time.Millisecond

// searchOrg serves GET /orgs/:org/search. The caller's permission tokens
// are computed here, now, from the read models: a channel token for every
// channel they read (chatview's rule, the list GET /channels shows), a
// task token for every project whose lists they read and for their own
// personal lists, the people token with people.read, a project token for
// every project they may read. search.Query puts them inside the Bleve
// query, so nothing they may not read is found, counted or faceted; the
// people, channels, projects and tasks the answer holds are then named. A
// caller with no grant in the organisation gets 404; min_position waits for
// the index (it keeps its checkpoint itself).
func (a *api) searchOrg(c *gin.Context) {
	if a.search == nil {
		a.writeError(c, fmt.Errorf("readapi: search: %w", domain.ErrNotFound))
		return
	}
	orgID := c.Param("org")
	p := principalOf(c)
	if err := identity.Authorize(p, identity.ActOrgRead, identity.Target{OrgID: orgID}, a.now()); errors.Is(err, domain.ErrNotFound) || !p.Active {
		a.writeError(c, fmt.Errorf("readapi: search in %s: %w", clipParam(orgID), domain.ErrNotFound))
		return
	}
	req, err := searchRequest(c)
	if err != nil {
		a.writeError(c, err)
		return
	}
	if err := a.waitSearch(c.Request.Context(), c); err != nil {
		a.writeError(c, err)
		return
	}
	req.OrgID, req.Now = orgID, a.now()
	scope, err := a.searchScopeOf(c, orgID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	req.Tokens = scope.tokens
	res, err := search.Query(c.Request.Context(), a.search, req)
	if err != nil {
		a.writeError(c, err)
		return
	}
	page := SearchPage{Total: res.Total}
	if page.Hits, page.Facets, err = a.nameSearch(c.Request.Context(), orgID, scope, res); err != nil {
		a.writeError(c, err)
		return
	}
	if res.NextOffset > 0 {
		next := strconv.Itoa(res.NextOffset)
		page.NextCursor = &next
	}
	c.JSON(200, page)
}

// searchRequest parses the query parameters; every error is a 400 naming
// its parameter.
func searchRequest(c *gin.Context) (search.Request, error) {
	v := c.Request.URL.Query()
	var r search.Request
	if err := checkParams(v, searchParams...); err != nil {
		return r, err
	}
	str := func(name string) (string, error) {
		s, _, err := singleParam(v, name, "invalid_"+name)
		return s, err
	}
	var err error
	if r.Text, err = str("q"); err != nil {
		return r, err
	}
	// A facet's chosen values: the parameter repeated, once a value.
	for _, f := range []struct {
		name string
		to   *[]string
	}{{"kind", &r.Kinds}, {"project", &r.Projects}, {"channel", &r.Channels}, {"author", &r.Authors}} {
		for _, s := range v[f.name] {
			if s == "" || len(s) > maxChosenLen {
				return r, &paramError{Param: f.name, Code: "invalid_" + f.name, Message: "a value is empty or too long"}
			}
			if !slices.Contains(*f.to, s) {
				*f.to = append(*f.to, s)
			}
		}
		if len(*f.to) > search.MaxChosen {
			return r, &paramError{Param: f.name, Code: "invalid_" + f.name, Message: fmt.Sprintf("at most %d values", search.MaxChosen)}
		}
	}
	for _, f := range []struct {
		name string
		to   *time.Time
	}{{"from", &r.From}, {"to", &r.To}} {
		s, err := str(f.name)
		if err != nil || s == "" {
			if err != nil {
				return r, err
			}
			continue
		}
		if *f.to, err = parseSearchTime(s); err != nil {
			return r, &paramError{Param: f.name, Code: "invalid_" + f.name, Message: "must be a date (2026-03-01) or a time (RFC 3339)"}
		}
	}
	if s, err := str("limit"); err != nil {
		return r, err
	} else if s != "" {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 1 || n > search.MaxLimit {
			return r, &paramError{Param: "limit", Code: "invalid_limit", Message: fmt.Sprintf("must be an integer from 1 to %d", search.MaxLimit)}
		}
		r.Limit = n
	}
	if s, err := str("cursor"); err != nil {
		return r, err
	} else if s != "" {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 0 || n > search.MaxOffset {
			return r, &paramError{Param: "cursor", Code: "invalid_cursor", Message: "not a cursor of this search"}
		}
		r.Offset = n
	}
	if err := r.Validate(); err != nil {
		param, code := "q", "invalid_query"
		switch {
		case slices.ContainsFunc(r.Kinds, func(k string) bool { return !slices.Contains(search.Kinds, k) }):
			param, code = "kind", "invalid_kind"
		case !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To):
			param, code = "from", "invalid_from"
		}
		return r, &paramError{Param: param, Code: code, Message: err.Error()}
	}
	return r, nil
}

func parseSearchTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// waitSearch waits until the index has applied min_position, if given.
func (a *api) waitSearch(ctx context.Context, c *gin.Context) error {
	minPos, err := minPosition(c.Request)
	if err != nil || minPos == eventstore.Start {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, DefaultWaitTimeout)
	defer cancel()
	for {
		cp, err := a.search.Checkpoint()
		if err != nil {
			return fmt.Errorf("readapi: search: %w", err)
		}
		if cp >= minPos {
			return nil
		}
		select {
		case <-ctx.Done():
			return &NotCaughtUpError{Projector: search.Name, Checkpoint: uint64(cp), Min: uint64(minPos)}
		case <-time.After(searchWaitPoll):
		}
	}
}

// searchScope is what the caller reads in an organisation, for a search:
// the permission tokens, and the channels they read with their account (the
// answer's channels are named from them).
type searchScope struct {
	tokens   []string
	channels []chatview.ChannelView
	account  string
}

// searchScopeOf is the caller's search scope in orgID now.
func (a *api) searchScopeOf(c *gin.Context, orgID string) (searchScope, error) {
	ctx, p, now := c.Request.Context(), principalOf(c), a.now()
	scope := searchScope{account: p.AccountID}
	var tokens []string
	if identity.Authorize(p, identity.ActPeopleRead, identity.Target{OrgID: orgID}, now) == nil {
		tokens = append(tokens, search.PeopleToken(orgID))
	}

	// Channels: those the caller reads, by chatview's rule.
	if _, acc, err := a.chatAccess(c); err == nil {
		channels, err := chatview.Channels(ctx, a.pool, orgID, acc)
		if err != nil {
			return scope, fmt.Errorf("readapi: search: channels: %w", err)
		}
		for _, ch := range channels {
			tokens = append(tokens, search.ChannelToken(ch.ChannelID))
		}
		scope.channels = channels
	} else if !errors.Is(err, domain.ErrNotFound) {
		return scope, err
	}

	// Tasks: the lists the caller reads, by taskview's rule.
	if _, acc, err := a.taskAccess(c); err == nil {
		lists, err := taskview.Lists(ctx, a.pool, orgID, acc)
		if err != nil {
			return scope, fmt.Errorf("readapi: search: task lists: %w", err)
		}
		for _, l := range lists {
			t := search.TaskListToken(l.ListID)
			if l.ProjectID != "" {
				t = search.TasksToken(l.ProjectID)
			}
			if !slices.Contains(tokens, t) {
				tokens = append(tokens, t)
			}
		}
	} else if !errors.Is(err, domain.ErrNotFound) {
		return scope, err
	}

	// Projects and their work packages: project.read on each.
	projects, err := a.projectIDs(ctx, orgID)
	if err != nil {
		return scope, err
	}
	for _, id := range projects {
		if identity.Authorize(p, identity.ActProjectRead, identity.Target{OrgID: orgID, ProjectID: id}, now) == nil {
			tokens = append(tokens, search.ProjectToken(id))
		}
	}
	scope.tokens = tokens
	return scope, nil
}

// projectIDs are the ids of orgID's projects.
func (a *api) projectIDs(ctx context.Context, orgID string) ([]string, error) {
	var ids []string
	cursor := ""
	for {
		page, err := timeview.ListProjects(ctx, a.pool, orgID, timeview.ProjectFilter{}, cursor, timeview.MaxLimit)
		if err != nil {
			return nil, fmt.Errorf("readapi: search: projects: %w", err)
		}
		for _, pr := range page.Items {
			ids = append(ids, pr.ProjectID)
		}
		if page.Next == "" || len(page.Items) == 0 {
			return ids, nil
		}
		cursor = page.Next
	}
}
