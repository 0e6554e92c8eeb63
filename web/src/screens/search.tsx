// Search: /search?q=… across messages, comments, tasks, people, projects and
// work packages (GET /search). The query and its filters live in the
// address (a search can be linked and goes back with the browser); kind
// tabs and facet checkboxes (multiple choice: a hit has one of a facet's
// ticked values; a facet is counted without its own ticks, so its other
// values say what ticking them too would add) carry the server's counts, which count only what the caller may read, and
// its names for the terms (a short id where it has none). Fragments come
// highlighted from the server, plain text without markdown marks; they are
// shown as text with <mark> around the matches and nothing else: a fragment
// is never put into the page as HTML.
import { useEffect, useState } from "react";
import {
  fragmentParts,
  hitLink,
  readableMentions,
  searchKinds,
  useSearch,
  type FacetTerm,
  type SearchAnswer,
  type SearchHit,
} from "../chat_data";
import { useI18n, type Key } from "../i18n";
import { Link, useLocation, useNavigate } from "../router";
import { ErrorMessage, Field, Form, Notice, PageTitle } from "../ui";
import "../chat.css";

/** The filters a search takes from the address, repeatable ones as lists. */
const listParams = ["project", "channel", "author"] as const;
type ListParam = (typeof listParams)[number];
/** The answer's facet of each filter. */
const facetOf = { project: "project_id", channel: "channel_id", author: "author" } as const;

/** named is the server's name for an id, or the id's start when it has none. */
function named(name: string | null | undefined, id: string): string {
  return name || id.slice(0, 8);
}

export function SearchScreen() {
  const { t } = useI18n();
  const { search } = useLocation();
  const navigate = useNavigate();
  const q = search.get("q") ?? "";
  const kind = search.get("kind") ?? "";
  const from = search.get("from") ?? "";
  const to = search.get("to") ?? "";
  const chosen: Record<ListParam, string[]> = {
    project: search.getAll("project"),
    channel: search.getAll("channel"),
    author: search.getAll("author"),
  };
  const [typed, setTyped] = useState(q);
  const [dates, setDates] = useState({ from, to });
  useEffect(() => setTyped(q), [q]);
  useEffect(() => setDates({ from, to }), [from, to]);
  const go = (change: (p: URLSearchParams) => void) => {
    const p = new URLSearchParams(search);
    change(p);
    navigate(`/search${p.toString() ? "?" + p.toString() : ""}`, true);
  };
  const query = { q, kind, from, to, project: chosen.project, channel: chosen.channel, author: chosen.author, limit: 20 };
  const res = useSearch(query, q.trim() !== "");
  const first = res.data?.pages[0];
  // The kind tabs count over every kind: the server counts a facet without its own choice.
  const kindFacet = first?.facets.kind ?? [];
  return (
    <section className="search-screen">
      <PageTitle sub={<Link to="/chat">{t("chat.title")}</Link>}>{t("search.title")}</PageTitle>
      <Form
        label={t("search.title")}
        className="inline search-form"
        onSubmit={() =>
          go((p) => {
            p.set("q", typed.trim());
            if (dates.from) p.set("from", dates.from);
            else p.delete("from");
            if (dates.to) p.set("to", dates.to);
            else p.delete("to");
          })
        }
      >
        <Field label={t("search.query")} type="search" value={typed} onChange={setTyped} autoFocus />
        <Field label={t("search.from")} type="date" value={dates.from} onChange={(v) => setDates((d) => ({ ...d, from: v }))} />
        <Field label={t("search.to")} type="date" value={dates.to} onChange={(v) => setDates((d) => ({ ...d, to: v }))} />
        <button type="submit" className="primary" disabled={!typed.trim()}>
          {t("search.submit")}
        </button>
      </Form>
      {!q.trim() ? (
        <Notice>{t("search.hint")}</Notice>
      ) : (
        <>
          <nav className="tabs" aria-label={t("search.kinds")}>
            <KindTab label={t("search.kind.all")} count={kindFacet.reduce((s, f) => s + f.count, 0)} current={kind === ""} onPick={() => go((p) => p.delete("kind"))} />
            {searchKinds.map((k) => (
              <KindTab
                key={k}
                label={t(`search.kind.${k}` as Key)}
                count={kindFacet.find((f) => f.term === k)?.count ?? 0}
                current={kind === k}
                onPick={() => go((p) => p.set("kind", k))}
              />
            ))}
          </nav>
          <div className="search-layout">
            <Facets answer={first} chosen={chosen} onChange={(param, values) => go((p) => {
              p.delete(param);
              values.forEach((v) => p.append(param, v));
            })} />
            <div className="search-results">
              {res.isPending && <p className="loading" role="status">{t("loading")}</p>}
              <ErrorMessage error={res.error} />
              {first && (
                <>
                  <p role="status" className="muted">
                    {t("search.total", { n: first.total })}
                  </p>
                  {first.total === 0 ? (
                    <Notice>{t("search.none")}</Notice>
                  ) : (
                    <ol className="hits" aria-label={t("search.results")}>
                      {(res.data?.pages ?? []).flatMap((page) => page.hits).map((h) => (
                        <Hit key={`${h.kind}:${h.id}`} hit={h} />
                      ))}
                    </ol>
                  )}
                  {res.hasNextPage && (
                    <button type="button" onClick={() => void res.fetchNextPage()} disabled={res.isFetchingNextPage}>
                      {t("search.more")}
                    </button>
                  )}
                </>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function KindTab({ label, count, current, onPick }: { label: string; count: number; current: boolean; onPick: () => void }) {
  return (
    <a
      href="#"
      aria-current={current ? "page" : undefined}
      onClick={(e) => {
        e.preventDefault();
        onPick();
      }}
    >
      {label} <span className="count">({count})</span>
    </a>
  );
}

/** Facets lists each facet's terms as checkboxes with the server's counts and names. */
function Facets({
  answer,
  chosen,
  onChange,
}: {
  answer: SearchAnswer | undefined;
  chosen: Record<ListParam, string[]>;
  onChange: (param: ListParam, values: string[]) => void;
}) {
  const { t } = useI18n();
  if (!answer) return <div className="facets" />;
  return (
    <div className="facets">
      {listParams.map((param) => {
        const terms: FacetTerm[] = [...(answer.facets[facetOf[param]] ?? [])];
        // A chosen term the answer no longer counts stays listed, so it can be unticked.
        for (const c of chosen[param]) if (!terms.some((f) => f.term === c)) terms.push({ term: c, count: 0 });
        if (terms.length === 0) return null;
        return (
          <fieldset key={param} className="facet">
            <legend>{t(`search.facet.${param}`)}</legend>
            <ul className="checks">
              {terms.map((f) => (
                <li key={f.term}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={chosen[param].includes(f.term)}
                      onChange={(e) =>
                        onChange(param, e.target.checked ? [...chosen[param], f.term] : chosen[param].filter((c) => c !== f.term))
                      }
                    />
                    {named(f.label, f.term)} <span className="count">({f.count})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
      {(answer.facets.date ?? []).length > 0 && (
        <div className="facet">
          <h3>{t("search.facet.date")}</h3>
          <ul className="plain">
            {(answer.facets.date ?? []).map((f) => (
              <li key={f.term}>
                {t(`search.date.${f.term}` as Key)} <span className="count">({f.count})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Fragment is one highlighted fragment: text, with <mark> around what matched. */
export function Fragment({ html }: { html: string }) {
  return (
    <p className="fragment">
      {fragmentParts(html).map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </p>
  );
}

function Hit({ hit }: { hit: SearchHit }) {
  const i18n = useI18n();
  const { t } = i18n;
  const link = hitLink(hit);
  const title = readableMentions(hit.title || t(`search.kind.${hit.kind}` as Key));
  return (
    <li className={`hit hit-${hit.kind}`}>
      <p className="hit-head">
        <span className="hit-kind">{t(`search.kind.${hit.kind}` as Key)}</span> {link ? <Link to={link}>{title}</Link> : <strong>{title}</strong>}
      </p>
      {(hit.fragments ?? []).map((f, i) => (
        <Fragment key={i} html={f} />
      ))}
      <p className="muted hit-meta">
        {[
          hit.channel_id ? named(hit.channel_name, hit.channel_id) : "",
          hit.project_id ? named(hit.project_name, hit.project_id) : "",
          hit.task_title ?? "",
          hit.author ? named(hit.author_name, hit.author) : "",
          hit.date ? i18n.dateTime(hit.date) : "",
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
    </li>
  );
}
