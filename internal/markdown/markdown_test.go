package markdown_test

import (
	"regexp"
	"strings"
	"testing"

	"cronica/internal/markdown"
)

var (
	tagPattern = regexp.MustCompile(`<[^>]*>`)
	badTag     = regexp.MustCompile(`^</?(script|iframe|style|svg|object|embed|form|base|meta|link)\b`)
	handler    = regexp.MustCompile(`\son[a-z]+\s*=`)
)

// Whatever the text says, no script runs: no <script>, no event handler,
// no javascript: or data: link, no style, however it is written.
func TestRenderNeutralisesScript(t *testing.T) {
	cases := []struct {
		name, src string
	}{
		{name: "script_tag", src: "Salut <script>alert(1)</script> lume"},
		{name: "script_tag_block", src: "<script>\nalert(document.cookie)\n</script>"},
		{name: "javascript_link", src: "[apasă](javascript:alert(1))"},
		{name: "javascript_link_mixed_case", src: "[apasă](JaVaScRiPt:alert(1))"},
		{name: "javascript_link_entities", src: "[apasă](&#106;avascript:alert(1))"},
		{name: "javascript_link_tab", src: "[apasă](java\tscript:alert(1))"},
		{name: "javascript_autolink", src: "<javascript:alert(1)>"},
		{name: "data_link", src: "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"},
		{name: "img_onerror", src: `<img src=x onerror="alert(1)">`},
		{name: "img_markdown_with_handler", src: `![x](https://example.ro/a.png" onerror="alert(1))`},
		{name: "onerror_attribute_in_html", src: `<a href="https://example.ro" onclick="alert(1)">x</a>`},
		{name: "entities_building_a_tag", src: "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{name: "svg_onload", src: `<svg onload=alert(1)>`},
		{name: "iframe", src: `<iframe src="javascript:alert(1)"></iframe>`},
		{name: "style_tag", src: "<style>body{display:none}</style>"},
		{name: "style_attribute", src: `<span style="background:url(javascript:alert(1))">x</span>`},
		{name: "mention_name_with_html", src: `@[<img src=x onerror=alert(1)>](person:1a000000-0000-4000-8000-000000000001)`},
		{name: "code_block_with_script", src: "```html\n<script>alert(1)</script>\n```"},
		{name: "link_title_breakout", src: `[x](https://example.ro "a\" onmouseover=\"alert(1))`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := markdown.Render(tc.src)
			// Text between tags is escaped, so inert: what matters is
			// every tag and attribute the browser will read.
			for _, tag := range tagPattern.FindAllString(out, -1) {
				low := strings.ToLower(tag)
				if badTag.MatchString(low) || handler.MatchString(low) || strings.Contains(low, "javascript:") ||
					strings.Contains(low, "data:") || strings.Contains(low, "style=") {
					t.Fatalf("%q renders %q, with the tag %s", tc.src, out, tag)
				}
			}
		})
	}
}

func TestRender(t *testing.T) {
	const person = "1a000000-0000-4000-8000-000000000001"
	cases := []struct {
		name, src string
		want      []string // substrings of the HTML
	}{
		{name: "blank", src: " \n "},
		{name: "emphasis", src: "Vezi **anexa** și _tabelul_", want: []string{"<strong>anexa</strong>", "<em>tabelul</em>"}},
		{name: "table", src: "| a | b |\n|---|---|\n| 1 | 2 |", want: []string{"<table>", "<td>1</td>"}},
		{name: "strikethrough", src: "~~vechi~~", want: []string{"<del>vechi</del>"}},
		{name: "autolink", src: "Vezi https://example.ro/doc", want: []string{`href="https://example.ro/doc"`, `rel="nofollow noopener"`, `target="_blank"`}},
		{name: "task_list", src: "- [x] gata\n- [ ] de făcut", want: []string{`type="checkbox"`, `checked`}},
		{name: "mention", src: "Salut @[Ana Pop](person:" + person + ")!",
			want: []string{`<span class="mention" data-person="` + person + `">@Ana Pop</span>`}},
		{name: "mention_in_code_is_text", src: "`@[Ana](person:" + person + ")`", want: []string{"<code>@[Ana](person:"}},
		{name: "relative_link", src: "[task](/tasks/1)", want: []string{`href="/tasks/1"`, `rel="nofollow"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := markdown.Render(tc.src)
			if tc.want == nil && out != "" {
				t.Fatalf("%q renders %q, want nothing", tc.src, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Fatalf("%q renders\n%s\nwithout %q", tc.src, out, w)
				}
			}
		})
	}
}

// Fenced code is highlighted with classes (no inline style), plain text
// for an unknown language, and the same text always gives the same HTML.
func TestRenderHighlightsCode(t *testing.T) {
	src := "```go\nfunc main() { fmt.Println(\"salut\") }\n```"
	out := markdown.Render(src)
	for _, w := range []string{`<pre class="chroma">`, `<span class="kd">func</span>`, `<span class="s">`} {
		if !strings.Contains(out, w) {
			t.Fatalf("highlighted code\n%s\nwithout %q", out, w)
		}
	}
	if strings.Contains(out, "style=") {
		t.Fatalf("inline styles in %s", out)
	}
	plain := markdown.Render("```nosuchlanguage\na < b\n```")
	if !strings.Contains(plain, "a &lt; b") || !strings.Contains(plain, `<pre class="chroma">`) {
		t.Fatalf("unknown language: %s", plain)
	}
	if again := markdown.Render(src); again != out {
		t.Fatalf("not deterministic:\n%s\n%s", out, again)
	}
	r := markdown.New()
	if got := r.Render(src); got != out {
		t.Fatalf("a new renderer renders differently:\n%s\n%s", got, out)
	}
}
