// The live preview of a task's description or a comment while it is typed:
// a small subset of Markdown (paragraphs, headings, lists, quotes, fenced
// code, emphasis, inline code, links, mentions) turned into React elements,
// never into HTML, so nothing typed can run. What is stored and shown after
// saving is the server's rendering (internal/markdown: CommonMark + GFM,
// sanitised), which this preview approximates.
import type { ReactNode } from "react";

const safeHref = (href: string) => /^(https?:|mailto:)/i.test(href.trim());

/** inline renders emphasis, code, links and mentions of one line of text. */
function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  // One pass over the tokens: code, mention, link, bold, strike, italic.
  const re = /(`[^`]+`)|@\[([^\]\n]+)\]\(person:([^)\s]+)\)|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|~~([^~]+)~~|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_/g;
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const k = `${key}-${n++}`;
    if (m[1]) out.push(<code key={k}>{m[1].slice(1, -1)}</code>);
    else if (m[2]) out.push(<span key={k} className="mention" data-person={m[3]}>@{m[2]}</span>);
    else if (m[4])
      out.push(
        safeHref(m[5]) ? (
          <a key={k} href={m[5]} rel="nofollow noopener noreferrer" target="_blank">
            {m[4]}
          </a>
        ) : (
          <span key={k}>{m[4]}</span>
        ),
      );
    else if (m[6]) out.push(<strong key={k}>{inline(m[6], k)}</strong>);
    else if (m[7]) out.push(<del key={k}>{inline(m[7], k)}</del>);
    else if (m[8] || m[9]) out.push(<em key={k}>{inline(m[8] ?? m[9], k)}</em>);
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function lines(ls: string[], key: string): ReactNode[] {
  const out: ReactNode[] = [];
  ls.forEach((l, i) => {
    if (i > 0) out.push(<br key={`${key}-br${i}`} />);
    out.push(...inline(l, `${key}-${i}`));
  });
  return out;
}

/** Markdown is the preview of src. */
export function Markdown({ src }: { src: string }) {
  const blocks: ReactNode[] = [];
  const ls = src.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  let b = 0;
  while (i < ls.length) {
    const line = ls[i];
    const key = `b${b++}`;
    if (/^\s*$/.test(line)) {
      i++;
      continue;
    }
    const fence = line.match(/^```\s*([\w+-]*)\s*$/);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < ls.length && !/^```\s*$/.test(ls[i])) code.push(ls[i++]);
      i++; // the closing fence
      blocks.push(
        <pre key={key}>
          <code className={fence[1] ? `language-${fence[1]}` : undefined}>{code.join("\n")}</code>
        </pre>,
      );
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      const level = Math.min(heading[1].length + 2, 6); // inside a drawer: h3 and below
      const H = `h${level}` as "h3" | "h4" | "h5" | "h6";
      blocks.push(<H key={key}>{inline(heading[2], key)}</H>);
      i++;
      continue;
    }
    if (/^>\s?/.test(line)) {
      const quote: string[] = [];
      while (i < ls.length && /^>\s?/.test(ls[i])) quote.push(ls[i++].replace(/^>\s?/, ""));
      blocks.push(<blockquote key={key}>{lines(quote, key)}</blockquote>);
      continue;
    }
    const bullet = /^\s*[-*+]\s+/;
    const numbered = /^\s*\d+[.)]\s+/;
    if (bullet.test(line) || numbered.test(line)) {
      const re = bullet.test(line) ? bullet : numbered;
      const items: ReactNode[] = [];
      while (i < ls.length && re.test(ls[i])) {
        const text = ls[i].replace(re, "");
        const task = text.match(/^\[([ xX])\]\s+(.*)$/);
        items.push(
          <li key={`${key}-${i}`}>
            {task ? (
              <>
                <input type="checkbox" disabled checked={task[1] !== " "} aria-label={task[2]} /> {inline(task[2], `${key}-${i}`)}
              </>
            ) : (
              inline(text, `${key}-${i}`)
            )}
          </li>,
        );
        i++;
      }
      blocks.push(re === bullet ? <ul key={key}>{items}</ul> : <ol key={key}>{items}</ol>);
      continue;
    }
    const para: string[] = [];
    while (i < ls.length && !/^\s*$/.test(ls[i]) && !/^(```|#{1,6}\s|>|\s*[-*+]\s|\s*\d+[.)]\s)/.test(ls[i])) para.push(ls[i++]);
    if (para.length === 0) para.push(ls[i++]);
    blocks.push(<p key={key}>{lines(para, key)}</p>);
  }
  return <div className="markdown">{blocks}</div>;
}
