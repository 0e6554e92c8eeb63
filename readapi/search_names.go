package readapi

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"cronica/projections/chatview"
	"cronica/projections/identityview"
	"cronica/projections/search"
	"cronica/projections/taskview"
	"cronica/projections/timeview"
)

// SearchHit is a search hit with the names of what it refers to, so a page
// shows names, not ids: the author's name (messages, comments), the
// channel's (a direct channel is named by its other members, as in the
// channel list), the project's (its acronym, or its title when it has none)
// and a comment's task title. A name missing from the read models is left
// out.
type SearchHit struct {
	search.Hit
	AuthorName  string `json:"author_name,omitempty"`
	ChannelName string `json:"channel_name,omitempty"`
	ProjectName string `json:"project_name,omitempty"`
	TaskTitle   string `json:"task_title,omitempty"`
}

// SearchTerm is a facet term with its label: the person's, channel's or
// project's name for the author, channel_id and project_id facets; none for
// kind and date (the page words them itself).
type SearchTerm struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
	Label string `json:"label,omitempty"`
}

// searchNames are the names of an answer's ids, by kind.
type searchNames struct {
	people, channels, projects, tasks map[string]string
}

// nameSearch names res's hits and facet terms. Only the ids the answer
// already holds are looked up, so a name is never one of something the
// caller may not read (the answer holds readable documents only), and each
// read model is asked at most once, in orgID only: people, projects and
// tasks by one query each, channels from the ones the caller reads (scope),
// the members of the direct ones by one query.
func (a *api) nameSearch(ctx context.Context, orgID string, scope searchScope, res search.Result) ([]SearchHit, map[string][]SearchTerm, error) {
	var people, channels, projects, tasks []string
	add := func(ids *[]string, id string) {
		if id != "" && !slices.Contains(*ids, id) {
			*ids = append(*ids, id)
		}
	}
	for _, h := range res.Hits {
		add(&people, h.Author)
		add(&channels, h.ChannelID)
		add(&projects, h.ProjectID)
		if h.Kind == search.KindComment {
			add(&tasks, h.TaskID)
		}
	}
	for _, t := range res.Facets[search.FieldAuthor] {
		add(&people, t.Term)
	}
	for _, t := range res.Facets[search.FieldChannel] {
		add(&channels, t.Term)
	}
	for _, t := range res.Facets[search.FieldProject] {
		add(&projects, t.Term)
	}

	var n searchNames
	var err error
	if n.people, err = a.namesOf(ctx, "people", `SELECT person_id, trim(given_name || ' ' || family_name)
		FROM `+identityview.TablePeople+` WHERE org_id = $1 AND person_id = ANY($2)`, orgID, people); err != nil {
		return nil, nil, err
	}
	if n.projects, err = a.namesOf(ctx, "projects", `SELECT project_id, CASE WHEN acronym <> '' THEN acronym ELSE title END
		FROM `+timeview.TableProjects+` WHERE org_id = $1 AND project_id = ANY($2)`, orgID, projects); err != nil {
		return nil, nil, err
	}
	if n.tasks, err = a.namesOf(ctx, "tasks", `SELECT task_id, title
		FROM `+taskview.TableTasks+` WHERE org_id = $1 AND task_id = ANY($2)`, orgID, tasks); err != nil {
		return nil, nil, err
	}
	if n.channels, err = a.channelNames(ctx, scope, channels); err != nil {
		return nil, nil, err
	}

	hits := make([]SearchHit, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = SearchHit{Hit: h, AuthorName: n.people[h.Author], ChannelName: n.channels[h.ChannelID],
			ProjectName: n.projects[h.ProjectID]}
		if h.Kind == search.KindComment {
			hits[i].TaskTitle = n.tasks[h.TaskID]
		}
	}
	labels := map[string]map[string]string{search.FieldAuthor: n.people, search.FieldChannel: n.channels, search.FieldProject: n.projects}
	facets := make(map[string][]SearchTerm, len(res.Facets))
	for name, terms := range res.Facets {
		out := make([]SearchTerm, len(terms))
		for i, t := range terms {
			out[i] = SearchTerm{Term: t.Term, Count: t.Count, Label: labels[name][t.Term]}
		}
		facets[name] = out
	}
	return hits, facets, nil
}

// namesOf runs query (id and name columns; $1 the organisation, $2 the
// ids) and maps each id to its name; no ids, no query.
func (a *api) namesOf(ctx context.Context, what, query, orgID string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := a.pool.Query(ctx, query, orgID, ids)
	if err != nil {
		return nil, fmt.Errorf("readapi: search: names of %s: %w", what, err)
	}
	var id, name string
	if _, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		out[id] = name
		return nil
	}); err != nil {
		return nil, fmt.Errorf("readapi: search: names of %s: %w", what, err)
	}
	return out, nil
}

// channelNames names the channels ids among those the caller reads
// (scope.channels); a direct channel by its other members, as GET
// /channels names it for the caller.
func (a *api) channelNames(ctx context.Context, scope searchScope, ids []string) (map[string]string, error) {
	out := map[string]string{}
	var named []chatview.ChannelView
	for _, ch := range scope.channels {
		if slices.Contains(ids, ch.ChannelID) {
			named = append(named, ch)
		}
	}
	if err := a.nameDirect(ctx, scope.account, named); err != nil {
		return nil, fmt.Errorf("readapi: search: %w", err)
	}
	for _, ch := range named {
		if ch.Name != "" {
			out[ch.ChannelID] = ch.Name
		}
	}
	return out, nil
}
