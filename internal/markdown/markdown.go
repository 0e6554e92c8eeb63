package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer turns markdown into sanitized HTML. The zero value is not
// usable: use New. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
	// strict keeps only the text of HTML (PlainText's HTML blocks).
	strict *bluemonday.Policy
}

// New builds a Renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithInlineParsers(util.Prioritized(mentionParser{}, 150))),
		goldmark.WithRendererOptions(
			html.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(codeRenderer{formatter: chromahtml.New(chromahtml.WithClasses(true))}, 100),
				util.Prioritized(mentionRenderer{}, 100)),
		),
	)
	return &Renderer{md: md, policy: policy(), strict: bluemonday.StrictPolicy()}
}

// Render is the sanitized HTML of src ("" for blank text). Text goldmark
// cannot render (it never fails on text) would give "".
func (r *Renderer) Render(src string) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return ""
	}
	return strings.TrimSpace(r.policy.Sanitize(buf.String()))
}

// Render is the sanitized HTML of src, by one Renderer built on first use
// and shared (it holds no state that changes).
func Render(src string) string { return shared().Render(src) }

var shared = sync.OnceValue(New)

var (
	classes    = regexp.MustCompile(`^(chroma|mention|line|cl|[a-z][a-z0-9]{0,3})( (line|cl|[a-z][a-z0-9]{0,3}))*$`)
	languageRe = regexp.MustCompile(`^language-[a-z0-9+#_-]{1,30}$`)
	personID   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// policy is bluemonday's UGC policy (no script, style, iframe, form or
// event handler; links only http, https, mailto and relative, nofollow;
// external links open in a new tab with noopener), plus what the renderer
// makes: the highlighter's classes, mentions, task-list checkboxes.
func policy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowAttrs("class").Matching(classes).OnElements("span", "pre")
	p.AllowAttrs("class").Matching(languageRe).OnElements("code")
	p.AllowAttrs("data-person").Matching(personID).OnElements("span")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(checked|disabled|)$`)).OnElements("input")
	return p
}

// codeRenderer renders fenced code blocks highlighted by chroma: the
// block's language (its info string's first word), plain text when none
// or unknown.
type codeRenderer struct {
	formatter *chromahtml.Formatter
}

func (r codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r codeRenderer) render(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < b.Lines().Len(); i++ {
		line := b.Lines().At(i)
		code.Write(line.Value(source))
	}
	lang := ""
	if l := b.Language(source); l != nil {
		lang = strings.ToLower(string(l))
	}
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
	if err == nil {
		var out bytes.Buffer
		if err = r.formatter.Format(&out, styles.Fallback, it); err == nil {
			_, err = w.Write(out.Bytes())
			return ast.WalkSkipChildren, err
		}
	}
	// Chroma could not tokenise: the text as it is, escaped.
	_, _ = w.WriteString(`<pre><code>`)
	_, _ = w.Write(util.EscapeHTML(code.Bytes()))
	_, err = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, err
}

// KindMention is the node of a mention.
var KindMention = ast.NewNodeKind("Mention")

// mention is @[Name](person:<id>) in the text.
type mention struct {
	ast.BaseInline
	name, personID string
}

func (m *mention) Kind() ast.NodeKind { return KindMention }
func (m *mention) Dump(source []byte, level int) {
	ast.DumpHelper(m, source, level, map[string]string{"name": m.name, "person": m.personID}, nil)
}

var mentionPattern = regexp.MustCompile(`^@\[([^\]\n]{1,200})\]\(person:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)`)

// mentionParser reads mentions where an inline starts with '@'.
type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, _ := block.PeekLine()
	m := mentionPattern.FindSubmatch(line)
	if m == nil {
		return nil
	}
	block.Advance(len(m[0]))
	return &mention{name: string(m[1]), personID: string(m[2])}
}

// mentionRenderer writes a mention as a span the web app decorates.
type mentionRenderer struct{}

func (mentionRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMention, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		m := n.(*mention)
		_, _ = w.WriteString(`<span class="mention" data-person="` + m.personID + `">@`)
		_, _ = w.Write(util.EscapeHTML([]byte(m.name)))
		_, err := w.WriteString(`</span>`)
		return ast.WalkSkipChildren, err
	})
}
