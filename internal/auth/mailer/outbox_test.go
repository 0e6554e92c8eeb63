package mailer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cronica/internal/auth/mailer"
)

// resetMessage exercises the encodings: Romanian diacritics in the subject
// and bodies, a line that starts with a dot and one that is a lone dot
// (SMTP's end of data), a line far longer than 76 characters, "=" in HTML.
func resetMessage(id string) mailer.Message {
	return mailer.Message{
		To:      "Ioana Popescu <ioana.popescu@example.ro>",
		Subject: "Resetarea parolei în Cronica — țară, ștampilă",
		Text: "Bună ziua,\n\nPentru a vă reseta parola, deschideți:\n" +
			"https://cronica.example/reset#crr_" + strings.Repeat("Ab9-_", 12) + "\n" +
			".leading dot\n.\nLinkul expiră în 30 de minute.",
		HTML: `<p>Bună ziua,</p><p><a href="https://cronica.example/reset#crr_x" style="color: #123">Resetați parola</a></p>`,
		ID:   id,
	}
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newOutbox(t *testing.T) (*mailer.FileOutbox, string, *clock) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "outbox") // created by NewFileOutbox
	clk := &clock{now: t0}
	o, err := mailer.NewFileOutbox(mailer.OutboxConfig{Dir: dir, From: "Cronica <no-reply@cronica.example>", Now: clk.Now})
	if err != nil {
		t.Fatalf("NewFileOutbox: %v", err)
	}
	return o, dir, clk
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read dir: %v", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFileOutboxWritesAnRFC5322Message(t *testing.T) {
	o, dir, _ := newOutbox(t)
	m := resetMessage("0195f3a0-7c1e-7d2a-9c4b-1f2e3d4c5b6a")
	if err := o.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	names := listDir(t, dir)
	want := "20260302T090000.000000000Z_0195f3a0-7c1e-7d2a-9c4b-1f2e3d4c5b6a.eml"
	if len(names) != 1 || names[0] != want {
		t.Fatalf("outbox holds %v, want [%s]", names, want)
	}
	path := filepath.Join(dir, want)
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v, %v; want 0600: reset links are secrets", info.Mode(), err)
	}
	if got, ok, err := o.Path(m.ID); err != nil || !ok || got != path {
		t.Fatalf("Path = %q, %v, %v", got, ok, err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
		t.Fatalf("a line ends without CR:\n%s", raw)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 {
			t.Fatalf("line of %d characters: %q", len(line), line)
		}
		for _, r := range line {
			if r > 127 {
				t.Fatalf("raw 8-bit text in %q: everything must be encoded", line)
			}
		}
	}

	p := parse(t, raw)
	checks := map[string][2]string{
		"From":           {p.header.Get("From"), `"Cronica" <no-reply@cronica.example>`},
		"To":             {p.header.Get("To"), `"Ioana Popescu" <ioana.popescu@example.ro>`},
		"Subject":        {p.subject, m.Subject},
		"Date":           {p.header.Get("Date"), "Mon, 02 Mar 2026 09:00:00 +0000"},
		"Message-ID":     {p.header.Get("Message-ID"), "<0195f3a0-7c1e-7d2a-9c4b-1f2e3d4c5b6a@cronica.example>"},
		"MIME-Version":   {p.header.Get("MIME-Version"), "1.0"},
		"Auto-Submitted": {p.header.Get("Auto-Submitted"), "auto-generated"},
		"media type":     {p.mediaType, "multipart/alternative"},
		"text part":      {p.text, m.Text},
		"html part":      {p.html, m.HTML},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
}

func TestFileOutboxTextOnly(t *testing.T) {
	o, dir, _ := newOutbox(t)
	m := resetMessage("text-only")
	m.HTML = ""
	if err := o.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, listDir(t, dir)[0]))
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	p := parse(t, raw)
	if p.mediaType != "text/plain" || p.text != m.Text {
		t.Fatalf("text-only message: %s with %q", p.mediaType, p.text)
	}
}

func TestFileOutboxIsIdempotentByID(t *testing.T) {
	o, dir, clk := newOutbox(t)
	ctx := context.Background()
	first := resetMessage("msg-1")
	if err := o.Send(ctx, first); err != nil {
		t.Fatalf("Send: %v", err)
	}
	path, _, _ := o.Path("msg-1")
	before, _ := os.ReadFile(path)

	// The same ID later, even with other content: nothing written.
	clk.Advance(time.Hour)
	again := first
	again.Subject = "Another subject"
	if err := o.Send(ctx, again); err != nil {
		t.Fatalf("second Send: %v", err)
	}
	after, _ := os.ReadFile(path)
	if names := listDir(t, dir); len(names) != 1 || !bytes.Equal(before, after) {
		t.Fatalf("after a repeated ID the outbox holds %v (file changed: %v)", names, !bytes.Equal(before, after))
	}

	// An ID that ends like the first one is another message.
	if err := o.Send(ctx, resetMessage("x_msg-1")); err != nil {
		t.Fatalf("Send x_msg-1: %v", err)
	}
	// Concurrent sends of one new ID write it once.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := o.Send(ctx, resetMessage("msg-2")); err != nil {
				t.Errorf("concurrent Send: %v", err)
			}
		})
	}
	wg.Wait()
	names := listDir(t, dir)
	if len(names) != 3 {
		t.Fatalf("outbox holds %v, want msg-1, x_msg-1 and one msg-2", names)
	}
	for _, n := range names {
		if strings.HasPrefix(n, ".") {
			t.Fatalf("a temporary file was left: %s", n)
		}
	}
	if _, ok, _ := o.Path("missing"); ok {
		t.Fatalf("Path found a message never sent")
	}
}

func TestMessageValidation(t *testing.T) {
	cases := []struct {
		name   string
		change func(*mailer.Message)
	}{
		{"subject_header_injection", func(m *mailer.Message) { m.Subject = "Hi\r\nBcc: victim@example.org" }},
		{"subject_newline", func(m *mailer.Message) { m.Subject = "Hi\nthere" }},
		{"subject_empty", func(m *mailer.Message) { m.Subject = "" }},
		{"subject_too_long", func(m *mailer.Message) { m.Subject = strings.Repeat("s", 251) }},
		{"to_header_injection", func(m *mailer.Message) { m.To = "a@example.org\r\nBcc: b@example.org" }},
		{"to_not_an_address", func(m *mailer.Message) { m.To = "not an address" }},
		{"to_two_addresses", func(m *mailer.Message) { m.To = "a@example.org, b@example.org" }},
		{"text_empty", func(m *mailer.Message) { m.Text = " \n" }},
		{"id_empty", func(m *mailer.Message) { m.ID = "" }},
		{"id_path_traversal", func(m *mailer.Message) { m.ID = "../../etc/passwd" }},
		{"id_slash", func(m *mailer.Message) { m.ID = "a/b" }},
		{"id_leading_dot", func(m *mailer.Message) { m.ID = ".hidden" }},
		{"id_angle_bracket", func(m *mailer.Message) { m.ID = "a>b" }},
		{"id_too_long", func(m *mailer.Message) { m.ID = strings.Repeat("a", 129) }},
	}
	o, dir, _ := newOutbox(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := resetMessage("valid-id")
			c.change(&m)
			if err := o.Send(context.Background(), m); !errors.Is(err, mailer.ErrInvalidMessage) {
				t.Fatalf("Send = %v, want ErrInvalidMessage", err)
			}
		})
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Fatalf("invalid messages were written: %v", names)
	}
}

func TestFileOutboxRefuses(t *testing.T) {
	if _, err := mailer.NewFileOutbox(mailer.OutboxConfig{From: "a@example.org"}); err == nil {
		t.Fatalf("no directory accepted")
	}
	for _, from := range []string{"", "no-reply", "Cronica <no-reply@example.org>\r\nBcc: x@example.org"} {
		if _, err := mailer.NewFileOutbox(mailer.OutboxConfig{Dir: t.TempDir(), From: from}); err == nil {
			t.Fatalf("From %q accepted", from)
		}
	}
	o, dir, _ := newOutbox(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := o.Send(ctx, resetMessage("m")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Send with a cancelled context: %v", err)
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Fatalf("written after cancel: %v", names)
	}
}
