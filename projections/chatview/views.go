package chatview

import "time"

// Access is which channels of an organisation a caller reads, as the read
// API computed it with identity.Authorize (this package does not decide):
//   - a project channel when AllProjects (chat.read in the organisation)
//     or its project is in Projects (chat.read there by a project grant);
//   - a group channel when its group is in Groups (the caller is a member
//     of it, and holds chat.read in the organisation);
//   - a direct or custom channel when AccountID is one of its members
//     (empty: none).
type Access struct {
	AccountID   string
	AllProjects bool
	Projects    []string
	Groups      []string
}

// ChannelView is a channel as its reader sees it. Members are listed for
// direct and custom channels only; Unread counts the messages (roots and
// replies, not deleted, not the reader's own) after the reader's read
// marker.
type ChannelView struct {
	ChannelID     string     `json:"channel_id"`
	OrgID         string     `json:"org_id"`
	Kind          string     `json:"kind"`
	Name          string     `json:"name"`
	ProjectID     string     `json:"project_id"`
	GroupID       string     `json:"group_id"`
	Members       []string   `json:"members,omitempty"`
	CreatedBy     string     `json:"created_by"`
	Archived      bool       `json:"archived"`
	Version       int64      `json:"version"`
	Unread        int        `json:"unread"`
	LastMessageAt *time.Time `json:"last_message_at"`
	// LastRead is the position of the reader's read marker (0: none).
	LastRead int64 `json:"last_read_position,string"`
}

// MessageView is one message. A deleted one keeps its place with Deleted
// set and Body, BodyHTML, Mentions and Reactions empty. AuthorName is
// filled by the reader (the read API), from the people of the
// organisation.
type MessageView struct {
	MessageID       string         `json:"message_id"`
	ChannelID       string         `json:"channel_id"`
	ThreadID        string         `json:"thread_id"`
	AuthorAccountID string         `json:"author_account_id"`
	AuthorPersonID  string         `json:"author_person_id"`
	AuthorName      string         `json:"author_name"`
	Body            string         `json:"body"`
	BodyHTML        string         `json:"body_html"`
	Deleted         bool           `json:"deleted"`
	EditedAt        *time.Time     `json:"edited_at"`
	Mentions        []string       `json:"mentions"`
	Reactions       []ReactionView `json:"reactions"`
	ReplyCount      int            `json:"reply_count"`
	LastReplyAt     *time.Time     `json:"last_reply_at"`
	CreatedAt       time.Time      `json:"created_at"`
	Position        int64          `json:"position,string"`
	Version         int64          `json:"version"`
}

// ReactionView is one emoji's reactions on a message: how many, and
// whether the reader is one of them.
type ReactionView struct {
	Emoji string `json:"emoji"`
	Count int    `json:"count"`
	Mine  bool   `json:"mine"`
}

// Cursor is where a page of messages starts: Before (older than that
// position), After (newer than it), or Around (the page centred on the
// message at that position: it, the older half before it and the newer
// half after it, with both cursors); none is the newest page (the first,
// for a thread's replies).
type Cursor struct {
	Before int64
	After  int64
	Around int64
}

// MessagePage is one page of messages, in the order of the query. Older
// is set when messages older than the page exist (the cursor of the next
// page back: Before), Newer when newer ones exist (After), each the
// position of the page's end on that side.
type MessagePage struct {
	Items []MessageView
	Older *int64
	Newer *int64
}
