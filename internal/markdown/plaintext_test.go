package markdown_test

import (
	"regexp"
	"strings"
	"testing"

	"cronica/internal/markdown"
)

func TestPlainText(t *testing.T) {
	const person = "1a000000-0000-4000-8000-000000000001"
	cases := []struct {
		name, src, want string
	}{
		{name: "blank", src: " \n\t\n", want: ""},
		{name: "plain", src: "Mâine avem ședință", want: "Mâine avem ședință"},
		{name: "emphasis", src: "**ședință** _mâine_", want: "ședință mâine"},
		{name: "nested_emphasis", src: "***foarte** important* și __*dublu*__", want: "foarte important și dublu"},
		{name: "emphasis_inside_a_word", src: "re**vi**zuit", want: "revizuit"},
		{name: "strikethrough", src: "~~vechi~~ nou", want: "vechi nou"},
		{name: "code_span_kept_as_written", src: "rulează `go test ./...` și `a\\*b`", want: "rulează go test ./... și a\\*b"},
		{name: "code_block_fenced", src: "Vezi:\n\n```go\nfunc main() {\n\tfmt.Println(\"**nu**\")\n}\n```\nGata",
			want: "Vezi:\nfunc main() {\nfmt.Println(\"**nu**\")\n}\nGata"},
		{name: "code_block_indented", src: "Text\n\n    x := 1\n    y := 2", want: "Text\nx := 1\ny := 2"},
		{name: "link_text_not_destination", src: "Vezi [anexa *2*](https://example.ro/anexa \"titlu\") azi", want: "Vezi anexa 2 azi"},
		{name: "reference_link", src: "Vezi [anexa][a].\n\n[a]: https://example.ro/a", want: "Vezi anexa."},
		{name: "image_alt_text", src: "![schița etajului](/f/plan.png)", want: "schița etajului"},
		{name: "autolink", src: "Vezi <https://example.ro/doc> și www.example.ro", want: "Vezi https://example.ro/doc și www.example.ro"},
		{name: "headings", src: "# Titlu\n\nText\n\nSubtitlu\n--------\n## Altul ##", want: "Titlu\nText\nSubtitlu\nAltul"},
		{name: "list_bullets_and_numbers", src: "- unu\n- **doi**\n  - trei\n\n1. patru\n2) cinci", want: "unu\ndoi\ntrei\npatru\ncinci"},
		{name: "task_list", src: "- [x] gata\n- [ ] de făcut", want: "gata\nde făcut"},
		{name: "quote", src: "> citat\n> pe două rânduri\n>\n> > adânc", want: "citat\npe două rânduri\nadânc"},
		{name: "lines_and_paragraphs", src: "primul rând\nal doilea  \nal treilea\\\nal patrulea\n\n\n\nalt paragraf", want: "primul rând\nal doilea\nal treilea\nal patrulea\nalt paragraf"},
		{name: "thematic_break", src: "sus\n\n---\n\njos", want: "sus\njos"},
		{name: "table", src: "| Luna | Ore |\n|---|---:|\n| **ian** | 10 |\n| feb | 12 |", want: "Luna Ore\nian 10\nfeb 12"},
		{name: "escapes_and_entities", src: "\\*nu e accent\\* &amp; 3 &lt; 4 &#x219;i &eacute;", want: "*nu e accent* & 3 < 4 și é"},
		{name: "mention", src: "Salut @[Ana Pop](person:" + person + ")!", want: "Salut @Ana Pop!"},
		{name: "mention_in_code_is_code", src: "`@[Ana](person:" + person + ")`", want: "@[Ana](person:" + person + ")"},
		{name: "inline_html_tags_dropped", src: "un <b>cuvânt</b> și <span style=\"x\">altul</span>", want: "un cuvânt și altul"},
		{name: "inline_script_and_its_content_dropped", src: "Salut <script>alert(1)</script> lume", want: "Salut lume"},
		{name: "inline_style_dropped", src: "a <style>p{display:none}</style> b", want: "a b"},
		{name: "inline_br_is_a_line", src: "sus<br>jos<br/>capăt", want: "sus\njos\ncapăt"},
		{name: "html_block_keeps_its_text", src: "<div class=\"x\">\n<p>în <b>bloc</b></p>\n</div>\n\ndupă", want: "în bloc\ndupă"},
		{name: "html_block_script_dropped", src: "<script>\nalert(document.cookie)\n</script>\n\ngata", want: "gata"},
		{name: "html_comment_dropped", src: "<!-- ascuns -->\n\nvizibil", want: "vizibil"},
		{name: "img_onerror_dropped", src: `<img src=x onerror="alert(1)">`, want: ""},
		{name: "javascript_link_keeps_its_text", src: "[apasă](javascript:alert(1))", want: "apasă"},
		{name: "entities_building_a_tag_stay_text", src: "&lt;script&gt;alert(1)&lt;/script&gt;", want: "<script>alert(1)</script>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := markdown.PlainText(tc.src); got != tc.want {
				t.Fatalf("PlainText(%q)\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

// Markup written in the source never comes out as markup: no HTML tag
// the text held survives (what remains looks like a tag only where the
// writer wrote it as text: code, or entities).
func TestPlainTextDropsMarkup(t *testing.T) {
	tag := regexp.MustCompile(`<[a-zA-Z/!][^>]*>`)
	for _, src := range []string{
		"Salut <script>alert(1)</script> lume",
		"<script>\nalert(document.cookie)\n</script>",
		`<img src=x onerror="alert(1)">`,
		`<a href="https://example.ro" onclick="alert(1)">x</a>`,
		`<svg onload=alert(1)>`,
		`<iframe src="javascript:alert(1)"></iframe>`,
		"<style>body{display:none}</style>",
		"<div>\n<script>alert(1)</script>\n<p onclick=\"x\">text</p>\n</div>",
		"**<u>sub</u>** _<i>lin</i>_",
		"- <b>listă</b>\n> <em>citat</em>",
	} {
		out := markdown.PlainText(src)
		if m := tag.FindString(out); m != "" || strings.Contains(out, "alert") || strings.Contains(out, "display") {
			t.Errorf("PlainText(%q) = %q: markup or a script's content kept (%q)", src, out, m)
		}
	}
}
