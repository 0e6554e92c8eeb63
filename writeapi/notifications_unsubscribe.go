package writeapi

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/notification"
	"cronica/internal/apierr"
	"cronica/projections/identityview"
)

// UnsubscribePath is where a mail's unsubscribe link leads (with
// ?token=): a page outside /api/v1, since the token is its only credential
// and a browser signed in to Cronica must not need a CSRF token to follow
// it.
const UnsubscribePath = "/unsubscribe"

// Unsubscription is what an unsubscribe token asks: channel off for kind,
// for an account.
type Unsubscription struct {
	AccountID string
	Kind      notification.Kind
	Channel   notification.Channel
}

// UnsubscribeTokens checks the signed tokens of unsubscribe links
// (notify.Signer, adapted in cmd). Implementations must be safe for
// concurrent use.
type UnsubscribeTokens interface {
	// Verify returns what token asks, or an error when the server did not
	// sign it.
	Verify(token string) (Unsubscription, error)
}

// ErrBadUnsubscribeToken is the answer to a token the server did not sign
// (400 invalid_unsubscribe_token).
var ErrBadUnsubscribeToken error = &apierr.Problem{Status: http.StatusBadRequest, Code: "invalid_unsubscribe_token",
	Message:   "this unsubscribe link is not valid; change your notification settings in Cronica instead",
	MessageRO: "acest link de dezabonare nu este valid; schimbați setările notificărilor în Cronica"}

// unsubscribePage asks before turning the channel off (a link scanner's
// GET changes nothing), and says when it is done.
var unsubscribePage = template.Must(template.New("unsubscribe").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Cronica</title></head>
<body style="font-family:sans-serif;max-width:36em;margin:2em auto">
<h1 style="font-size:20px">Cronica</h1>
<p>{{.Text}}</p>
{{if .Token}}<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
<button type="submit">{{.Button}}</button>
</form>{{end}}
</body></html>
`))

type unsubscribeView struct {
	Lang, Text, Token, Action, Button string
}

// showUnsubscribe is GET /unsubscribe?token=: the confirmation page.
func (a *api) showUnsubscribe(c *gin.Context) {
	token := c.Query("token")
	u, err := a.verifyUnsubscribe(token)
	if err != nil {
		a.fail(c, ErrBadUnsubscribeToken)
		return
	}
	ro := apierr.Romanian(c.Request)
	lang, label := notification.English, notification.Label(u.Kind, notification.English)
	text := "Stop " + channelName(u.Channel, false) + " about " + label + "?"
	button := "Stop them"
	if ro {
		lang, label = notification.Romanian, notification.Label(u.Kind, notification.Romanian)
		text = "Nu mai doriți " + channelName(u.Channel, true) + " despre " + label + "?"
		button = "Opriți-le"
	}
	a.page(c, http.StatusOK, unsubscribeView{Lang: string(lang), Text: text, Token: token, Action: UnsubscribePath, Button: button})
}

type unsubscribeRequest struct {
	Token string `json:"token"`
}

// unsubscribe is POST /unsubscribe: the token in a form (the page's) or a
// JSON body. It acts as the account the token names, with its own
// principal, so the settings event says the account changed its settings.
// A page answers a form; JSON ({id, version, position}) anything else.
func (a *api) unsubscribe(c *gin.Context) {
	form := strings.HasPrefix(c.ContentType(), "application/x-www-form-urlencoded")
	var req unsubscribeRequest
	if form {
		req.Token = c.PostForm("token")
	} else if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	u, err := a.verifyUnsubscribe(req.Token)
	if err != nil {
		a.fail(c, ErrBadUnsubscribeToken)
		return
	}
	p, err := identityview.PrincipalFor(c.Request.Context(), a.Reads, u.AccountID)
	if errors.Is(err, domain.ErrNotFound) {
		err = fmt.Errorf("writeapi: unsubscribe: %w", ErrBadUnsubscribeToken)
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	res, err := a.Notifications.UnsubscribeNotifications.Handle(c.Request.Context(), a.meta(c, p),
		commands.UnsubscribeNotifications{AccountID: u.AccountID, Kind: u.Kind, Channel: u.Channel})
	if err != nil || !form {
		a.answer(c, http.StatusOK, res, err)
		return
	}
	text := "Done: you will receive no more " + channelName(u.Channel, false) + " about " + notification.Label(u.Kind, notification.English) +
		". You can turn them on again in your notification settings."
	lang := notification.English
	if apierr.Romanian(c.Request) {
		lang = notification.Romanian
		text = "Gata: nu veți mai primi " + channelName(u.Channel, true) + " despre " + notification.Label(u.Kind, notification.Romanian) +
			". Le puteți porni din nou din setările notificărilor."
	}
	c.Header(PositionHeader, strconv.FormatUint(uint64(res.Position), 10))
	a.page(c, http.StatusOK, unsubscribeView{Lang: string(lang), Text: text})
}

// verifyUnsubscribe checks token; without a checker every token is bad.
func (a *api) verifyUnsubscribe(token string) (Unsubscription, error) {
	if a.Unsubscribe == nil || token == "" {
		return Unsubscription{}, ErrBadUnsubscribeToken
	}
	return a.Unsubscribe.Verify(token)
}

// channelName names a channel's messages in a sentence.
func channelName(ch notification.Channel, ro bool) string {
	switch {
	case ch == notification.ChannelSMS && ro:
		return "SMS-uri"
	case ch == notification.ChannelSMS:
		return "text messages"
	case ro:
		return "e-mailuri"
	}
	return "e-mails"
}

// page writes an HTML page.
func (a *api) page(c *gin.Context, status int, v unsubscribeView) {
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer") // the token is in the page's URL
	c.Status(status)
	if err := unsubscribePage.Execute(c.Writer, v); err != nil {
		a.Logger.Error("writeapi: unsubscribe page", "err", err)
	}
}
