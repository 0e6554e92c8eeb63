package search

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/internal/markdown"
	"cronica/projections/searchindex"
)

// Name is the projector's persistent identity: its index lives under
// <DataDir>/index/search. Renaming it starts an empty index and replays the
// whole log into it.
const Name = "search"

// Version is the format of the index's documents and mapping
// (searchindex.Projector.Version): raise it whenever Apply or Mapping
// changes what the index holds, and serve rebuilds an index of another
// format while it keeps serving. 1: the markdown texts (messages,
// comments, task descriptions) are indexed as plain text, so fragments
// show no markdown marks. 2: the title and the text are searched as one
// field, content; the facets are one field, facets; order is added.
const Version = 2

// Types are the event types the projector applies; every other event only
// moves its checkpoint.
var Types = []string{
	chat.TypeMessagePosted, chat.TypeMessageEdited, chat.TypeMessageDeleted,
	task.TypeTaskCreated, task.TypeTaskUpdated,
	task.TypeCommentAdded, task.TypeCommentEdited, task.TypeCommentDeleted,
	identity.TypePersonRegistered, identity.TypePersonDetailsChanged, identity.TypePersonalDataErased,
	project.TypeProjectRegistered, project.TypeProjectDetailsChanged, project.TypeWorkPackageAdded,
}

// The permission tokens of the acl field.
func ChannelToken(channelID string) string { return "channel:" + channelID }
func TasksToken(projectID string) string   { return "tasks:" + projectID }
func TaskListToken(listID string) string   { return "tasklist:" + listID }
func PeopleToken(orgID string) string      { return "people:" + orgID }
func ProjectToken(projectID string) string { return "project:" + projectID }
func taskACL(projectID, listID string) string {
	if projectID != "" {
		return TasksToken(projectID)
	}
	return TaskListToken(listID)
}

// attrs are what an edit keeps of the document it replaces (its event
// does not repeat them): read from the document's stored fields.
type attrs struct {
	Project string
	Author  string
	Date    time.Time
}

// Projector is the search projector for searchindex.Open (Open opens
// it).
func Projector() (searchindex.Projector, error) {
	bd, err := newBuilder()
	if err != nil {
		return searchindex.Projector{}, err
	}
	first, err := Mapping()
	if err != nil {
		return searchindex.Projector{}, err
	}
	ap := &applier{pending: map[*bleve.Batch]map[string]*attrs{}, builder: bd, md: markdown.New()}
	return searchindex.Projector{
		Name:    Name,
		Version: Version,
		Types:   Types,
		Mapping: func() mapping.IndexMapping {
			if m, err := Mapping(); err == nil {
				return m
			}
			return first // Mapping is deterministic: it built once, it builds again
		},
		ApplyWith: ap.apply,
	}, nil
}

// Open opens the search index under dataDir (<dataDir>/index/search).
func Open(dataDir string, logger *slog.Logger) (*searchindex.Index, error) {
	p, err := Projector()
	if err != nil {
		return nil, err
	}
	return searchindex.Open(dataDir, p, logger)
}

// applier holds, per batch being built, the attributes of the documents
// indexed in it (a searchindex.Reader sees only committed ones). At most two batches are
// built at once (Follow on the current generation, Rebuild on the new one);
// the last few are kept.
type applier struct {
	builder
	// md turns the markdown texts into the plain text indexed.
	md      *markdown.Renderer
	mu      sync.Mutex
	order   []*bleve.Batch
	pending map[*bleve.Batch]map[string]*attrs
}

const keptBatches = 4

func (ap *applier) batch(b *bleve.Batch) map[string]*attrs {
	ap.mu.Lock()
	defer ap.mu.Unlock()
	if m, ok := ap.pending[b]; ok {
		return m
	}
	if len(ap.order) == keptBatches {
		delete(ap.pending, ap.order[0])
		ap.order = ap.order[1:]
	}
	m := map[string]*attrs{}
	ap.order = append(ap.order, b)
	ap.pending[b] = m
	return m
}

// lookup finds the attributes of document id: indexed earlier in this
// batch, or committed before it. ok is false when there is no such document
// (never indexed, or deleted).
func (ap *applier) lookup(b *bleve.Batch, r searchindex.Reader, id string) (attrs, bool, error) {
	if a, ok := ap.batch(b)[id]; ok {
		if a == nil {
			return attrs{}, false, nil
		}
		return *a, true, nil
	}
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = []string{FieldProject, FieldAuthor, FieldDate}
	res, err := r.Search(req)
	if err != nil {
		return attrs{}, false, fmt.Errorf("search: read document %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return attrs{}, false, nil
	}
	f := res.Hits[0].Fields
	var a attrs
	a.Project, _ = f[FieldProject].(string)
	a.Author, _ = f[FieldAuthor].(string)
	if d, ok := f[FieldDate].(string); ok {
		if a.Date, err = time.Parse(time.RFC3339Nano, d); err != nil {
			return attrs{}, false, fmt.Errorf("search: document %s: date %q: %w", id, d, err)
		}
	}
	return a, true, nil
}

// keep notes the attributes of a document indexed in batch b, for an edit
// later in the same batch.
func (ap *applier) keep(b *bleve.Batch, id string, a attrs) {
	ap.batch(b)[id] = &a
}

// forget deletes document id.
func (ap *applier) forget(b *bleve.Batch, id string) {
	b.Delete(id)
	ap.batch(b)[id] = nil
}

func decode(e eventstore.RecordedEvent, v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("search: decode %s: %w", e.Type, err)
	}
	return nil
}

// MessageID, CommentID, TaskTitleID, … are the documents' ids.
func MessageID(id string) string         { return KindMessage + ":" + id }
func CommentID(id string) string         { return KindComment + ":" + id }
func TaskTitleID(id string) string       { return KindTask + ":" + id + ":title" }
func TaskDescriptionID(id string) string { return KindTask + ":" + id + ":description" }
func PersonID(id string) string          { return KindPerson + ":" + id }
func ProjectID(id string) string         { return KindProject + ":" + id }
func WorkPackageID(id string) string     { return KindWorkPackage + ":" + id }

// apply adds e's documents to b.
func (ap *applier) apply(b *bleve.Batch, r searchindex.Reader, e eventstore.RecordedEvent) error {
	at := e.Metadata.RecordedAt.UTC()
	switch e.Type {
	case chat.TypeMessagePosted:
		var d chat.MessagePosted
		if err := decode(e, &d); err != nil {
			return err
		}
		id := MessageID(d.MessageID)
		a := attrs{Project: d.ProjectID, Author: d.AuthorPersonID, Date: at}
		ap.keep(b, id, a)
		return ap.index(b, id, message(d.OrgID, d.ChannelID, ap.md.PlainText(d.Body), a))
	case chat.TypeMessageEdited:
		var d chat.MessageEdited
		if err := decode(e, &d); err != nil {
			return err
		}
		id := MessageID(d.MessageID)
		a, ok, err := ap.lookup(b, r, id)
		if err != nil || !ok {
			return err // an edit of a deleted (or unknown) message shows nothing
		}
		return ap.index(b, id, message(d.OrgID, d.ChannelID, ap.md.PlainText(d.Body), a))
	case chat.TypeMessageDeleted:
		var d chat.MessageDeleted
		if err := decode(e, &d); err != nil {
			return err
		}
		ap.forget(b, MessageID(d.MessageID))
		return nil
	case task.TypeTaskCreated:
		var d task.TaskCreated
		if err := decode(e, &d); err != nil {
			return err
		}
		if err := ap.index(b, TaskTitleID(d.TaskID), taskDoc(d.Ref, d.Title, "", at)); err != nil {
			return err
		}
		return ap.taskDescription(b, d.Ref, d.Description, at)
	case task.TypeTaskUpdated:
		var d task.TaskUpdated
		if err := decode(e, &d); err != nil {
			return err
		}
		if d.Fields.Title != nil {
			if err := ap.index(b, TaskTitleID(d.TaskID), taskDoc(d.Ref, *d.Fields.Title, "", at)); err != nil {
				return err
			}
		}
		if d.Fields.Description != nil {
			return ap.taskDescription(b, d.Ref, *d.Fields.Description, at)
		}
		return nil
	case task.TypeCommentAdded:
		var d task.CommentAdded
		if err := decode(e, &d); err != nil {
			return err
		}
		id := CommentID(d.CommentID)
		a := attrs{Author: d.AuthorPersonID, Date: at}
		ap.keep(b, id, a)
		return ap.index(b, id, comment(d.Ref, ap.md.PlainText(d.Body), a))
	case task.TypeCommentEdited:
		var d task.CommentEdited
		if err := decode(e, &d); err != nil {
			return err
		}
		id := CommentID(d.CommentID)
		a, ok, err := ap.lookup(b, r, id)
		if err != nil || !ok {
			return err
		}
		return ap.index(b, id, comment(d.Ref, ap.md.PlainText(d.Body), a))
	case task.TypeCommentDeleted:
		var d task.CommentDeleted
		if err := decode(e, &d); err != nil {
			return err
		}
		ap.forget(b, CommentID(d.CommentID))
		return nil
	case identity.TypePersonRegistered, identity.TypePersonDetailsChanged:
		// Only the names: never the e-mail nor the (sealed) personal data.
		var d struct {
			PersonID   string `json:"person_id"`
			OrgID      string `json:"org_id"`
			GivenName  string `json:"given_name"`
			FamilyName string `json:"family_name"`
		}
		if err := decode(e, &d); err != nil {
			return err
		}
		return ap.index(b, PersonID(d.PersonID), doc{
			FieldKind: KindPerson, FieldOrg: d.OrgID, FieldACL: []string{PeopleToken(d.OrgID)},
			FieldTitle: strings.TrimSpace(d.GivenName + " " + d.FamilyName), FieldDate: at,
		})
	case identity.TypePersonalDataErased:
		var d identity.PersonalDataErased
		if err := decode(e, &d); err != nil {
			return err
		}
		b.Delete(PersonID(d.PersonID))
		return nil
	case project.TypeProjectRegistered, project.TypeProjectDetailsChanged:
		var d project.ProjectDetailsChanged // the same fields as ProjectRegistered's, but the rules
		if err := decode(e, &d); err != nil {
			return err
		}
		return ap.index(b, ProjectID(d.ProjectID), doc{
			FieldKind: KindProject, FieldOrg: d.OrgID, FieldACL: []string{ProjectToken(d.ProjectID)},
			FieldProject: d.ProjectID, FieldTitle: d.Title, FieldText: d.Acronym, FieldDate: at,
		})
	case project.TypeWorkPackageAdded:
		var d project.WorkPackageAdded
		if err := decode(e, &d); err != nil {
			return err
		}
		return ap.index(b, WorkPackageID(d.WorkPackageID), doc{
			FieldKind: KindWorkPackage, FieldOrg: d.OrgID, FieldACL: []string{ProjectToken(d.ProjectID)},
			FieldProject: d.ProjectID, FieldTitle: strings.TrimSpace(d.Code + " " + d.Title), FieldDate: at,
		})
	}
	return nil
}

// doc is one document: its fields by name.
type doc map[string]any

func message(org, channel, body string, a attrs) doc {
	return doc{
		FieldKind: KindMessage, FieldOrg: org, FieldACL: []string{ChannelToken(channel)},
		FieldChannel: channel, FieldProject: a.Project, FieldAuthor: a.Author, FieldText: body, FieldDate: a.Date,
	}
}

func comment(ref task.Ref, body string, a attrs) doc {
	return doc{
		FieldKind: KindComment, FieldOrg: ref.OrgID, FieldACL: []string{taskACL(ref.ProjectID, ref.ListID)},
		FieldProject: ref.ProjectID, FieldTask: ref.TaskID, FieldList: ref.ListID, FieldAuthor: a.Author,
		FieldText: body, FieldDate: a.Date,
	}
}

func taskDoc(ref task.Ref, title, description string, at time.Time) doc {
	return doc{
		FieldKind: KindTask, FieldOrg: ref.OrgID, FieldACL: []string{taskACL(ref.ProjectID, ref.ListID)},
		FieldProject: ref.ProjectID, FieldTask: ref.TaskID, FieldList: ref.ListID,
		FieldTitle: title, FieldText: description, FieldDate: at,
	}
}

// taskDescription indexes a task's description (markdown) as plain text,
// or removes the document when it has no text.
func (ap *applier) taskDescription(b *bleve.Batch, ref task.Ref, description string, at time.Time) error {
	id := TaskDescriptionID(ref.TaskID)
	if description = ap.md.PlainText(description); description == "" {
		b.Delete(id)
		return nil
	}
	return ap.index(b, id, taskDoc(ref, "", description, at))
}
