package notify

import (
	"bytes"
	"context"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"cronica/domain/notification"
	"cronica/projections/notifyview"
)

// message is one mail: its subject and its two bodies.
type message struct {
	Subject, Text, HTML string
}

// item is one notification as a mail shows it.
type item struct {
	Title   string
	Details []string // "Person: Ana Pop", "Reason: ..."
	Link    string
}

// mailPage is what the HTML template renders.
type mailPage struct {
	Lang     string
	Heading  string
	Items    []item
	Open     string
	Footer   string
	Unsubs   []unsubLink
	Settings string
	SetLabel string
}

type unsubLink struct{ Label, URL string }

var mailHTML = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Heading}}</title></head>
<body style="font-family:sans-serif;line-height:1.4">
<h1 style="font-size:18px">{{.Heading}}</h1>
{{range .Items}}<div style="margin:12px 0">
<p style="margin:0"><strong>{{.Title}}</strong></p>
{{range .Details}}<p style="margin:0;color:#444">{{.}}</p>
{{end}}<p style="margin:4px 0"><a href="{{.Link}}">{{$.Open}}</a></p>
</div>
{{end}}<hr>
<p style="font-size:12px;color:#666">{{.Footer}}</p>
<p style="font-size:12px;color:#666">{{range .Unsubs}}<a href="{{.URL}}">{{.Label}}</a><br>
{{end}}<a href="{{.Settings}}">{{.SetLabel}}</a></p>
</body></html>
`))

// words are the fixed words of mails, by language.
type words struct {
	open, person, reason, comment, dueOn, report, footer, stop, settings, digest string
}

func wordsOf(lang notification.Language) words {
	if lang == notification.Romanian {
		return words{open: "Deschide în Cronica", person: "Persoana", reason: "Motivul", comment: "Comentariu", dueOn: "Termen",
			report: "Raport", footer: "Primiți acest mesaj pentru că notificările prin e-mail de acest tip sunt pornite în setările dumneavoastră.",
			stop: "Nu mai trimite e-mailuri despre: ", settings: "Setările notificărilor", digest: "notificări noi"}
	}
	return words{open: "Open in Cronica", person: "Person", reason: "Reason", comment: "Comment", dueOn: "Due", report: "Report",
		footer: "You receive this because e-mail notifications of this kind are on in your settings.",
		stop:   "Stop e-mails about: ", settings: "Notification settings", digest: "new notifications"}
}

// renderer writes mails and texts.
type renderer struct {
	publicURL string
	signer    *Signer
	dir       Directory
}

// itemOf is n as a mail shows it, in lang.
func (r renderer) itemOf(ctx context.Context, n notifyview.NotificationView, lang notification.Language) (item, error) {
	w := wordsOf(lang)
	it := item{Title: notification.Title(n.Kind, lang, n.Params), Link: r.link(n)}
	switch n.Kind {
	case notification.KindTimesheetSubmitted, notification.KindApprovalPending:
		name, err := r.dir.PersonName(ctx, n.OrgID, n.Params[notification.ParamPersonID])
		if err != nil {
			return item{}, err
		}
		if name != "" {
			it.Details = append(it.Details, w.person+": "+name)
		}
	}
	if v := n.Params[notification.ParamReason]; v != "" {
		it.Details = append(it.Details, w.reason+": "+v)
	}
	if v := n.Params[notification.ParamComment]; v != "" {
		it.Details = append(it.Details, w.comment+": "+v)
	}
	if v := n.Params[notification.ParamDueOn]; v != "" {
		it.Details = append(it.Details, w.dueOn+": "+v)
	}
	if v := n.Params[notification.ParamReportType]; v != "" {
		it.Details = append(it.Details, w.report+": "+v+" ("+n.Params[notification.ParamFormat]+")")
	}
	return it, nil
}

// link is where the web app shows n's subject.
func (r renderer) link(n notifyview.NotificationView) string {
	p := n.Params
	switch n.Subject.Type {
	case notification.SubjectTimesheet:
		if p[notification.ParamPersonID] != "" && p[notification.ParamMonth] != "" {
			return r.publicURL + "/orgs/" + n.OrgID + "/people/" + p[notification.ParamPersonID] + "/timesheets/" + p[notification.ParamMonth]
		}
	case notification.SubjectReport:
		return r.publicURL + "/orgs/" + n.OrgID + "/reports/" + n.Subject.ID
	case notification.SubjectGrant:
		return r.publicURL + "/account"
	case notification.SubjectTask:
		return r.publicURL + "/orgs/" + n.OrgID + "/tasks/" + n.Subject.ID
	case notification.SubjectMessage:
		// A mention: the message in its channel. The app reads the message
		// and opens its thread when it is a reply, so the link is the same
		// for a root and a reply.
		if ch := p[notification.ParamChannelID]; ch != "" {
			return r.publicURL + "/orgs/" + n.OrgID + "/chat/" + url.PathEscape(ch) + "?message=" + url.QueryEscape(n.Subject.ID)
		}
	}
	return r.publicURL + "/notifications"
}

// unsubscribe is the unsubscribe link of kind by channel for accountID.
func (r renderer) unsubscribe(accountID string, kind notification.Kind, ch notification.Channel) string {
	tok := r.signer.Token(Unsubscription{AccountID: accountID, Kind: kind, Channel: ch})
	return r.publicURL + "/unsubscribe?token=" + url.QueryEscape(tok)
}

// mail renders ns (one: an immediate mail; more: a digest) for accountID
// in lang.
func (r renderer) mail(ctx context.Context, accountID string, ns []notifyview.NotificationView, lang notification.Language) (message, error) {
	w := wordsOf(lang)
	page := mailPage{Lang: string(lang), Open: w.open, Footer: w.footer, Settings: r.publicURL + "/settings/notifications", SetLabel: w.settings}
	var kinds []notification.Kind
	for _, n := range ns {
		it, err := r.itemOf(ctx, n, lang)
		if err != nil {
			return message{}, err
		}
		page.Items = append(page.Items, it)
		if !slices.Contains(kinds, n.Kind) {
			kinds = append(kinds, n.Kind)
		}
	}
	for _, k := range kinds {
		page.Unsubs = append(page.Unsubs, unsubLink{Label: w.stop + notification.Label(k, lang),
			URL: r.unsubscribe(accountID, k, notification.ChannelEmail)})
	}
	page.Heading = page.Items[0].Title
	if len(ns) > 1 {
		page.Heading = "Cronica: " + strconv.Itoa(len(ns)) + " " + w.digest
	}
	var text strings.Builder
	text.WriteString(page.Heading + "\n\n")
	for _, it := range page.Items {
		if len(ns) > 1 {
			text.WriteString("* " + it.Title + "\n")
		}
		for _, d := range it.Details {
			text.WriteString("  " + d + "\n")
		}
		text.WriteString("  " + w.open + ": " + it.Link + "\n\n")
	}
	text.WriteString("-- \n" + w.footer + "\n")
	for _, u := range page.Unsubs {
		text.WriteString(u.Label + ": " + u.URL + "\n")
	}
	text.WriteString(w.settings + ": " + page.Settings + "\n")
	var html bytes.Buffer
	if err := mailHTML.Execute(&html, page); err != nil {
		return message{}, err
	}
	return message{Subject: oneLine(page.Heading, 200), Text: text.String(), HTML: html.String()}, nil
}

// sms is n's text: its title and link, in lang, within about two
// messages' worth.
func (r renderer) sms(n notifyview.NotificationView, lang notification.Language) string {
	return oneLine("Cronica: "+notification.Title(n.Kind, lang, n.Params), 240) + " " + r.link(n)
}

// oneLine is s without line breaks, cut at max bytes on a rune boundary.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut]
}
