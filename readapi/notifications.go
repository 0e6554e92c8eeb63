package readapi

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"cronica/domain/notification"
	"cronica/internal/apierr"
	"cronica/internal/auth"
	"cronica/projections/notifyview"
)

// The Notifications read routes: the signed-in caller's own inbox, unread
// count and settings, nobody else's (there is no path parameter to name
// another account). They run requireCaller, readYourWrites on the
// notifications and identity projectors, and loadPrincipal (a disabled
// account reads nothing).

// NotificationsPage is a page of the caller's inbox, newest first, with
// the unread count at the time of the read.
type NotificationsPage struct {
	Items []NotificationItem `json:"items"`
	// NextCursor fetches the next page (cursor=...); null on the last.
	NextCursor *string `json:"next_cursor"`
	Unread     int     `json:"unread"`
}

// NotificationItem is one notification with its title in the caller's
// language (Accept-Language, as errors are).
type NotificationItem struct {
	notifyview.NotificationView
	Title string `json:"title"`
}

// notifications serves GET /api/v1/me/notifications?unread=&cursor=&limit=.
func (a *api) notifications(c *gin.Context) {
	v := c.Request.URL.Query()
	var f notifyview.InboxFilter
	err := checkParams(v, "cursor", "limit", "unread")
	var (
		cursor string
		limit  = notifyview.DefaultLimit
	)
	if err == nil {
		limit, err = limitParam(v)
	}
	if err == nil {
		cursor, err = notificationCursor(v)
	}
	if err == nil {
		f.Unread, err = boolParam(v, "unread")
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	caller, _ := auth.CallerFrom(c)
	ctx := c.Request.Context()
	page, err := notifyview.ListNotifications(ctx, a.pool, caller.AccountID, f, cursor, limit)
	if errors.Is(err, notifyview.ErrBadCursor) {
		err = badNotificationCursor
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	unread, err := notifyview.UnreadCount(ctx, a.pool, caller.AccountID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	lang := notification.English
	if apierr.Romanian(c.Request) {
		lang = notification.Romanian
	}
	out := NotificationsPage{Items: make([]NotificationItem, 0, len(page.Items)), Unread: unread}
	for _, n := range page.Items {
		out.Items = append(out.Items, NotificationItem{NotificationView: n, Title: notification.Title(n.Kind, lang, n.Params)})
	}
	if page.Next != "" {
		next := base64.RawURLEncoding.EncodeToString([]byte(page.Next))
		out.NextCursor = &next
	}
	c.JSON(http.StatusOK, out)
}

// UnreadNotifications is the caller's unread count.
type UnreadNotifications struct {
	Unread int `json:"unread"`
}

// unreadNotifications serves GET /api/v1/me/notifications/unread.
func (a *api) unreadNotifications(c *gin.Context) {
	if err := checkParams(c.Request.URL.Query()); err != nil {
		a.writeError(c, err)
		return
	}
	caller, _ := auth.CallerFrom(c)
	n, err := notifyview.UnreadCount(c.Request.Context(), a.pool, caller.AccountID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, UnreadNotifications{Unread: n})
}

// NotificationPreferences are the caller's settings (the defaults until it
// saves some: Saved false), and the kinds there are, each with its name
// in the caller's language and whether it goes out at once or in the
// digest.
type NotificationPreferences struct {
	notification.Settings
	Saved bool                 `json:"saved"`
	Kinds []KindOfNotification `json:"kinds"`
}

// KindOfNotification describes one kind for a settings page.
type KindOfNotification struct {
	Kind   notification.Kind `json:"kind"`
	Label  string            `json:"label"`
	Urgent bool              `json:"urgent"`
}

// notificationPreferences serves GET /api/v1/me/notification-preferences.
func (a *api) notificationPreferences(c *gin.Context) {
	if err := checkParams(c.Request.URL.Query()); err != nil {
		a.writeError(c, err)
		return
	}
	caller, _ := auth.CallerFrom(c)
	p, err := notifyview.GetPreferences(c.Request.Context(), a.pool, caller.AccountID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	lang := notification.English
	if apierr.Romanian(c.Request) {
		lang = notification.Romanian
	}
	out := NotificationPreferences{Settings: p.Settings, Saved: p.Saved}
	for _, k := range notification.Kinds() {
		out.Kinds = append(out.Kinds, KindOfNotification{Kind: k, Label: notification.Label(k, lang), Urgent: k.Urgent()})
	}
	c.JSON(http.StatusOK, out)
}

// badNotificationCursor: a cursor this list did not give.
var badNotificationCursor = &paramError{Param: "cursor", Code: "invalid_cursor", Message: "malformed cursor: pass next_cursor back unchanged"}

// notificationCursor decodes cursor ("" when absent).
func notificationCursor(v url.Values) (string, error) {
	s, ok, err := singleParam(v, "cursor", "invalid_cursor")
	if err != nil || !ok {
		return "", err
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(s) > 128 {
		return "", badNotificationCursor
	}
	return string(raw), nil
}

// limitParam is limit, from 1 to notifyview.MaxLimit (the default when
// absent).
func limitParam(v url.Values) (int, error) {
	s, ok, err := singleParam(v, "limit", "invalid_limit")
	if err != nil || !ok {
		return notifyview.DefaultLimit, err
	}
	n, convErr := strconv.Atoi(s)
	if convErr != nil || n < 1 || n > notifyview.MaxLimit {
		return 0, &paramError{Param: "limit", Code: "invalid_limit", Message: "must be an integer from 1 to " + strconv.Itoa(notifyview.MaxLimit)}
	}
	return n, nil
}

// boolParam is a true/false parameter (false when absent).
func boolParam(v url.Values, name string) (bool, error) {
	s, ok, err := singleParam(v, name, "invalid_filter")
	if err != nil || !ok {
		return false, err
	}
	b, convErr := strconv.ParseBool(s)
	if convErr != nil {
		return false, &paramError{Param: name, Code: "invalid_filter", Message: "must be true or false"}
	}
	return b, nil
}
