package writeapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/internal/apierr"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 1 << 20

// The headers of the write API.
const (
	// PositionHeader carries a write's log position, like the body's
	// "position".
	PositionHeader = "X-Cronica-Position"
	// RequestIDHeader names a request; it becomes the events' correlation
	// id, and is answered back (a new UUID when the client sent none or an
	// unusable one).
	RequestIDHeader = "X-Request-Id"
	// maxRequestID bounds a client's X-Request-Id.
	maxRequestID = 128
)

// bind decodes the request body as JSON into dst: one value, no unknown
// fields, at most MaxBodyBytes. An empty body is an error, unless
// emptyOK (the routes whose fields are all optional).
func bind(c *gin.Context, dst any, emptyOK bool) error {
	body := http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if emptyOK && errors.Is(err, io.EOF) {
			return nil
		}
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err == nil {
			return &jsonError{reason: "more than one JSON value"}
		}
		return decodeError(err)
	}
	return nil
}

// decodeError says what was wrong with a body, without echoing it.
func decodeError(err error) error {
	var (
		tooLarge  *http.MaxBytesError
		typeError *json.UnmarshalTypeError
		syntax    *json.SyntaxError
	)
	switch {
	case errors.As(err, &tooLarge):
		return ErrBodyTooLarge
	case errors.Is(err, io.EOF):
		return &jsonError{reason: "the body is empty"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &jsonError{reason: "the body ends too early"}
	case errors.As(err, &typeError):
		return &jsonError{reason: "a value of the wrong type (" + typeError.Value + ")", field: typeError.Field}
	case errors.As(err, &syntax):
		return &jsonError{reason: "malformed JSON at byte " + strconv.FormatInt(syntax.Offset, 10)}
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field = strings.Trim(field, `"`)
		return &jsonError{reason: "unknown field " + strconv.Quote(field), field: field}
	}
	// A time that is not RFC 3339, and whatever else encoding/json refuses.
	return &jsonError{reason: "a value that cannot be read (times are RFC 3339)"}
}

// writeResult is the answer to a write.
type writeResult struct {
	ID       string `json:"id"`
	Version  uint64 `json:"version"`
	Position string `json:"position"` // decimal: positions exceed JavaScript's integers
}

func resultOf(res commands.Result) writeResult {
	return writeResult{ID: res.ID, Version: res.Version, Position: strconv.FormatUint(uint64(res.Position), 10)}
}

// written answers a command's result with status (200 or 201).
func (a *api) written(c *gin.Context, status int, res commands.Result) {
	c.Header(PositionHeader, strconv.FormatUint(uint64(res.Position), 10))
	c.JSON(status, resultOf(res))
}

// fail answers err through apierr, the one mapping of errors to answers.
func (a *api) fail(c *gin.Context, err error) {
	apierr.Write(c, err, a.Logger)
}

// meta is the commands.Meta of a request by actor: the correlation id is
// the client's X-Request-Id when usable, else a new UUID; either way it is
// answered back in X-Request-Id.
func (a *api) meta(c *gin.Context, actor identity.Principal) commands.Meta {
	return commands.Meta{Actor: actor, CorrelationID: a.requestID(c)}
}

// anonymous is the Meta of a request nobody is signed in for (a password
// reset): no actor.
func (a *api) anonymous(c *gin.Context) commands.Meta {
	return commands.Meta{CorrelationID: a.requestID(c)}
}

// system is the Meta of what Cronica records on its own behalf during a
// request (the facts of a sign-in).
func (a *api) system(c *gin.Context) commands.Meta {
	return commands.Meta{Actor: identity.System(), CorrelationID: a.requestID(c)}
}

type requestIDKey struct{}

func (a *api) requestID(c *gin.Context) string {
	if v, ok := c.Get(requestIDKey{}); ok {
		return v.(string)
	}
	id := c.GetHeader(RequestIDHeader)
	if !usableRequestID(id) {
		id = ""
		if u, err := a.NewID(); err == nil {
			id = u.String()
		}
	}
	c.Set(requestIDKey{}, id)
	if id != "" {
		c.Header(RequestIDHeader, id)
	}
	return id
}

// usableRequestID: 1 to 128 printable ASCII characters without spaces.
func usableRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// Read your writes: the same parameter and header as the read API.
const (
	minPositionParam  = "min_position"
	minPositionHeader = "X-Cronica-Min-Position"
)

// minPosition is the position the request must see: the larger of
// min_position (query) and X-Cronica-Min-Position (header); Start when
// neither is sent.
func minPosition(r *http.Request) (eventstore.Position, error) {
	var out eventstore.Position
	sources := []struct {
		name string
		vals []string
	}{{minPositionParam, r.URL.Query()[minPositionParam]}, {minPositionHeader, r.Header.Values(minPositionHeader)}}
	for _, s := range sources {
		if len(s.vals) == 0 {
			continue
		}
		if len(s.vals) != 1 {
			return 0, &paramError{param: s.name, message: "give it once"}
		}
		n, err := strconv.ParseUint(s.vals[0], 10, 63) // positions are PostgreSQL bigints
		if err != nil {
			return 0, &paramError{param: s.name, message: "must be a position: a decimal integer from 0 to 9223372036854775807"}
		}
		out = max(out, eventstore.Position(n))
	}
	return out, nil
}
