package markdown

import (
	"html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// PlainText is the text of markdown src as a reader sees it, without the
// marks: the words of the text, of code spans and code blocks, link and
// image texts, an autolink's address, a mention as @Name; no emphasis,
// heading, list, quote or table marks, no link destination, no HTML (a tag
// is dropped, a script's or a style's content too; an HTML block keeps only
// its text). Blocks and lines are separated by one newline, table cells by
// a space; runs of spaces are one space. It is for indexing and excerpts:
// the result is text, not HTML, to be escaped wherever it is shown as HTML.
// Deterministic and safe for concurrent use.
func (r *Renderer) PlainText(src string) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	if marksNothing(src) {
		return tidy(src)
	}
	return r.parsedPlainText(src)
}

// parsedPlainText is PlainText through goldmark's tree.
func (r *Renderer) parsedPlainText(src string) string {
	source := []byte(src)
	doc := r.md.Parser().Parse(text.NewReader(source))
	w := plainWriter{source: source, strict: r.strict}
	_ = ast.Walk(doc, w.visit)
	return tidy(w.out.String())
}

// PlainText is the plain text of src, by the shared Renderer.
func PlainText(src string) string { return shared().PlainText(src) }

// plainWriter writes a document's plain text while ast.Walk visits it.
type plainWriter struct {
	source []byte
	strict *bluemonday.Policy
	out    strings.Builder
	// skip is the element whose content is being dropped (an inline
	// <script>…</script>), "" when none.
	skip string
}

var (
	// skipOpen and skipClose are the tags of the elements whose content is
	// not text (bluemonday drops it too).
	skipOpen  = regexp.MustCompile(`(?i)^<(script|style|title|iframe|object|noscript|noembed|noframes|frameset|nostyle)[\s/>]`)
	skipClose = regexp.MustCompile(`(?i)^</(script|style|title|iframe|object|noscript|noembed|noframes|frameset|nostyle)\s*>`)
	lineBreak = regexp.MustCompile(`(?i)^<br\s*/?>$`)
)

func (w *plainWriter) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument && n.Kind() != extast.KindTableCell {
		// A block starts and ends a line; what an inline element left
		// open ends with its block.
		w.newline()
		w.skip = ""
	}
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Text:
		if w.skip == "" {
			w.text(n.Value(w.source), n.IsRaw())
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.out.WriteByte('\n')
		}
	case *ast.String:
		if w.skip == "" {
			w.text(n.Value, n.IsRaw() || n.IsCode())
		}
	case *ast.CodeSpan:
		// Code is kept as written (no escapes); a line break inside is a
		// space, as in the HTML.
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok && w.skip == "" {
				w.out.WriteString(strings.ReplaceAll(string(t.Value(w.source)), "\n", " "))
			}
		}
		return ast.WalkSkipChildren, nil
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		w.lines(n.Lines())
		return ast.WalkSkipChildren, nil
	case *ast.HTMLBlock:
		var b strings.Builder
		w.linesTo(&b, n.Lines())
		if n.HasClosure() {
			b.Write(n.ClosureLine.Value(w.source))
		}
		w.out.WriteString(html.UnescapeString(w.strict.Sanitize(b.String())))
		return ast.WalkSkipChildren, nil
	case *ast.RawHTML:
		var b strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(w.source))
		}
		tag := b.String()
		switch {
		case w.skip != "":
			if m := skipClose.FindStringSubmatch(tag); m != nil && strings.EqualFold(m[1], w.skip) {
				w.skip = ""
			}
		case skipOpen.MatchString(tag):
			w.skip = strings.ToLower(skipOpen.FindStringSubmatch(tag)[1])
		case lineBreak.MatchString(tag):
			w.out.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	case *ast.AutoLink:
		if w.skip == "" {
			w.out.Write(n.Label(w.source))
		}
		return ast.WalkSkipChildren, nil
	case *mention:
		if w.skip == "" {
			w.out.WriteString("@" + n.name)
		}
		return ast.WalkSkipChildren, nil
	case *extast.TableCell:
		if n.PreviousSibling() != nil {
			w.out.WriteByte(' ')
		}
	case *extast.TaskCheckBox:
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

// text writes an inline text: backslash escapes and entity references
// resolved as the HTML renderer does, unless raw.
func (w *plainWriter) text(v []byte, raw bool) {
	if !raw {
		v = util.UnescapePunctuations(v)
		v = util.ResolveNumericReferences(v)
		v = util.ResolveEntityNames(v)
	}
	w.out.Write(v)
}

// lines writes a code block's lines as they are.
func (w *plainWriter) lines(l *text.Segments) { w.linesTo(&w.out, l) }

func (w *plainWriter) linesTo(b *strings.Builder, l *text.Segments) {
	for i := 0; i < l.Len(); i++ {
		seg := l.At(i)
		b.Write(seg.Value(w.source))
	}
}

// newline ends the current line, if any.
func (w *plainWriter) newline() {
	if s := w.out.String(); s != "" && !strings.HasSuffix(s, "\n") {
		w.out.WriteByte('\n')
	}
}

// tidy makes every run of spaces one space and drops blank lines and the
// spaces around the lines.
// marksNothing tells src in which markdown marks nothing, so that its plain
// text is src itself, tidied: letters, digits, spaces and newlines, and of
// the punctuation only . , ; : ? ! ' " ( ) - / %, with no line starting with
// a space, a digit or a '-' (code, lists, rules) nor made of ':' and '-'
// only (a table's delimiter row). Most chat messages are such text, and
// parsing them was a tenth of indexing one.
func marksNothing(src string) bool {
	lineStart, delimiters := true, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			if delimiters {
				return false
			}
			lineStart = true
			continue
		case lineStart && (c == ' ' || c == '-' || c >= '0' && c <= '9'):
			return false
		case c >= 0x80, c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == ' ':
		case strings.IndexByte(".,;:?!'\"()-/%", c) >= 0:
		default:
			return false
		}
		if lineStart {
			delimiters = true
		}
		delimiters = delimiters && (c == ':' || c == '-' || c == ' ')
		lineStart = false
	}
	return !delimiters
}

func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, line := range lines {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
