package notify

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/notification"
	"cronica/projections/notifyview"
)

// A chat mention's mail, in English and in Romanian, links to the message
// in its channel (the app opens the thread of a reply itself), in its
// text, its HTML and its text message; without its channel it links to
// the notifications.
func TestMentionMailLinksToTheMessage(t *testing.T) {
	signer, err := NewSigner([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	r := renderer{publicURL: "https://cronica.test", signer: signer} // a mention reads no directory
	org, channel, message, account := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	mention := notifyview.NotificationView{ID: uuid.NewString(), AccountID: account, OrgID: org, Kind: notification.KindMention,
		Subject: notification.Subject{Type: notification.SubjectMessage, ID: message},
		Params:  notification.Params{notification.ParamChannelID: channel, notification.ParamMessageID: message}}
	link := "https://cronica.test/orgs/" + org + "/chat/" + channel + "?message=" + message

	for _, tc := range []struct {
		name          string
		lang          notification.Language
		subject, open string
	}{
		{"english", notification.English, "You were mentioned", "Open in Cronica"},
		{"romanian", notification.Romanian, "Ați fost menționat", "Deschide în Cronica"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := r.mail(context.Background(), account, []notifyview.NotificationView{mention}, tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tc.subject {
				t.Errorf("subject %q, want %q", m.Subject, tc.subject)
			}
			if !strings.Contains(m.Text, tc.open+": "+link+"\n") {
				t.Errorf("the text has no %q link to the message %s:\n%s", tc.open, link, m.Text)
			}
			if !strings.Contains(m.HTML, `<a href="`+link+`">`+tc.open+`</a>`) {
				t.Errorf("the HTML has no link to the message %s:\n%s", link, m.HTML)
			}
			if sms := r.sms(mention, tc.lang); !strings.HasSuffix(sms, " "+link) {
				t.Errorf("the text message %q does not end with the link %s", sms, link)
			}
		})
	}

	noChannel := mention
	noChannel.Params = notification.Params{notification.ParamMessageID: message}
	if got := r.link(noChannel); got != "https://cronica.test/notifications" {
		t.Errorf("a mention without its channel links to %s, want the notifications", got)
	}
}
