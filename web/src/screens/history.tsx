// The history of one entity (one stream of the log): every event with when,
// who and what, and the fields it changed (before → after), read from
// GET /api/v1/history/:stream; a time slider over the events (or a date and
// time) sets as_of, and the entity's state as of then is shown with the
// fields the event at that point changed marked. The URL keeps ?as_of= (and
// ?limit=, the page size), so a link reproduces the view. Positions are
// decimal strings beyond JavaScript's integers: compared as BigInt, never
// turned into numbers. The diff, the state and the permission are the
// server's; this screen only lays them out.
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ApiError } from "../api";
import { useApp, useFollow } from "../app_context";
import { usePeople, useProjects } from "../data";
import { useI18n, type I18n, type Key } from "../i18n";
import { Link, useLocation, useNavigate } from "../router";
import { ErrorMessage, Notice, PageTitle } from "../ui";

/** One field-level change of an event: a JSON pointer into the state and its values. */
export interface HistoryChange {
  path: string;
  op: "add" | "remove" | "replace";
  before?: unknown;
  after?: unknown;
}

export interface HistoryEvent {
  position: string;
  version: number;
  event_id: string;
  type: string;
  recorded_at: string;
  actor_id?: string;
  actor_name?: string;
  correlation_id?: string;
  data?: unknown;
  changes?: HistoryChange[] | null;
}

/** The answer of GET /history/:stream (one page of events, and the state as of the as-of). */
export interface History {
  stream_id: string;
  category: string;
  org_id: string;
  as_of: { asked: string; position: string };
  version: number;
  recorded_at?: string;
  state: unknown;
  events: HistoryEvent[];
  next_cursor: string | null;
}

/** historyPath is the app's path of a stream's history, optionally as of a position or time. */
export function historyPath(stream: string, asOf?: string): string {
  const path = `/history/${encodeURIComponent(stream)}`;
  return asOf ? `${path}?as_of=${encodeURIComponent(asOf)}` : path;
}

/**
 * HistoryLink leads to a stream's history. It reads label ("Istoricul
 * pontajului"); without one it reads "Istoric", named for the stream.
 */
export function HistoryLink({ stream, label }: { stream: string; label?: string }) {
  const { t } = useI18n();
  return (
    <Link to={historyPath(stream)} className="history-link" aria-label={label ? undefined : t("history.linkOf", { stream })}>
      {label ?? t("history.link")}
    </Link>
  );
}

const defaultLimit = 100;

const isPosition = (s: string) => /^\d+$/.test(s);

/** asOfMillis is the time an as_of names (an RFC 3339 time), or null for positions, dates and nonsense. */
function asOfMillis(s: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
}

/** localInput is a time as a datetime-local value ("YYYY-MM-DDTHH:MM:SS") in the browser's zone. */
function localInput(iso: string | undefined | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * asOfOfLocal turns a datetime-local value into the as_of it means: the end of
 * that second (a field shows seconds, the log keeps fractions of them), so the
 * state "as of 14:03:27" includes what was recorded during that second.
 */
function asOfOfLocal(v: string): string | null {
  const ms = Date.parse(v.length === 16 ? `${v}:00` : v);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + 999).toISOString();
}

/** The stream's id part: "<category>-<id>". */
function idOf(stream: string, category: string): string {
  return stream.startsWith(category + "-") ? stream.slice(category.length + 1) : "";
}

function str(o: unknown, k: string): string | undefined {
  if (!o || typeof o !== "object") return undefined;
  const v = (o as Record<string, unknown>)[k];
  return typeof v === "string" && v ? v : undefined;
}

/** tWord translates key, or gives null when the app has no words for it. */
function tWord(i18n: I18n, key: string): string | null {
  const s = i18n.t(key as Key);
  return s === key ? null : s;
}

/** typeWords names an event type in words where the app has them ("TimeEntryChanged.v1" → "Timp modificat"). */
export function typeWords(i18n: I18n, type: string): string | null {
  return tWord(i18n, `history.type.${type.replace(/\.v\d+$/, "")}`);
}

function useStamp() {
  const { lang } = useI18n();
  return useMemo(() => {
    const f = new Intl.DateTimeFormat(lang === "ro" ? "ro-RO" : "en-GB", { dateStyle: "medium", timeStyle: "medium" });
    return (iso: string | undefined | null) => (iso ? f.format(new Date(iso)) : "—");
  }, [lang]);
}

/** Names of the people and projects a state mentions by id, for whoever may read them. */
interface Names {
  person: (id: string) => string | undefined;
  project: (id: string) => string | undefined;
}

function useNames(): Names {
  const people = usePeople();
  const { list: projects } = useProjects();
  return useMemo(() => {
    const ps = new Map(people.list.map((p) => [p.person_id, `${p.given_name} ${p.family_name}`]));
    const pr = new Map(projects.map((p) => [p.project_id, p.acronym]));
    return { person: (id) => ps.get(id), project: (id) => pr.get(id) };
  }, [people.list, projects]);
}

/** entityTitle is a human title of the entity from its state, when it has one. */
function entityTitle(i18n: I18n, names: Names, category: string, stream: string, state: unknown): string | null {
  const { t } = i18n;
  const id = idOf(stream, category);
  const person = (pid: string | undefined) => (pid ? (names.person(pid) ?? pid.slice(0, 8)) : undefined);
  switch (category) {
    case "timesheet": {
      const who = person(str(state, "person_id"));
      const month = str(state, "month");
      if (who && month && /^\d{4}-\d{2}$/.test(month)) return `${t("timesheet.of", { name: who })}, ${i18n.month(month)}`;
      break;
    }
    case "project": {
      const acronym = str(state, "acronym") ?? names.project(id);
      const title = str(state, "title");
      if (acronym) return title ? `${acronym}: ${title}` : acronym;
      break;
    }
    case "employment":
      return t("contracts.of", { name: person(str(state, "person_id") ?? id) ?? id });
    case "person": {
      const name = [str(state, "given_name"), str(state, "family_name")].filter(Boolean).join(" ");
      if (name) return name;
      break;
    }
    case "organization":
      if (str(state, "legal_name")) return str(state, "legal_name")!;
      break;
    case "account":
      if (str(state, "email")) return str(state, "email")!;
      break;
  }
  const name = str(state, "name") ?? str(state, "title") ?? str(state, "legal_name");
  if (name) return name;
  const month = str(state, "month");
  if (month && /^\d{4}-\d{2}$/.test(month)) return i18n.month(month);
  return null;
}

/** ownScreen is where the app shows the entity today, when it has a screen for it. */
function ownScreen(category: string, stream: string, state: unknown): string | null {
  const id = idOf(stream, category);
  if (!id) return null;
  switch (category) {
    case "timesheet": {
      const p = str(state, "person_id");
      const m = str(state, "month");
      return p && m ? `/timesheets/${encodeURIComponent(p)}/${encodeURIComponent(m)}` : null;
    }
    case "project":
      return `/projects/${encodeURIComponent(id)}`;
    case "employment":
      return `/people/${encodeURIComponent(id)}/contracts`;
    case "report":
      return `/reports/${encodeURIComponent(id)}`;
    case "task":
      return `/tasks/task/${encodeURIComponent(id)}`;
    case "tasklist":
      return `/tasks/lists/${encodeURIComponent(id)}`;
  }
  return null;
}

/** topicOf is the realtime topic whose changes include the stream's. */
function topicOf(category: string, stream: string, orgOfStream: string | undefined, myOrg: string): string | null {
  const id = idOf(stream, category);
  if (id && (category === "timesheet" || category === "project" || category === "report")) return `${category}:${id}`;
  return orgOfStream && orgOfStream === myOrg ? `org:${myOrg}` : null;
}

/** The segments of a JSON pointer (RFC 6901). */
function segments(path: string): string[] {
  if (!path || path === "/") return [];
  return path
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function pointer(parent: string, key: string): string {
  return `${parent}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/**
 * marker is what the server puts in place of personal data the caller may not
 * read ({"hidden": true}) or that was erased ({"erased": true}), else null.
 */
function marker(v: unknown): "hidden" | "erased" | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 1) return null;
  const o = v as Record<string, unknown>;
  if (o.hidden === true) return "hidden";
  if (o.erased === true) return "erased";
  return null;
}

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Value shows one JSON value of a state or a change, readably: names beside ids, dates in the language. */
function Value({ v, names }: { v: unknown; names: Names }) {
  const i18n = useI18n();
  if (v === null || v === undefined) return <span className="muted">—</span>;
  if (typeof v === "boolean") return <>{v ? i18n.t("history.yes") : i18n.t("history.no")}</>;
  if (typeof v === "number") return <span className="hist-num">{i18n.num(v)}</span>;
  if (typeof v === "string") {
    if (uuidLike.test(v)) {
      const name = names.person(v) ?? names.project(v);
      return (
        <span>
          <code title={v}>{v.slice(0, 8)}…</code>
          {name && <> ({name})</>}
        </span>
      );
    }
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && Number.isFinite(Date.parse(v))) return <time dateTime={v}>{i18n.dateTime(v)}</time>;
    return <span className="hist-str">{v}</span>;
  }
  const m = marker(v);
  if (m) return <em className="hist-marker">{i18n.t(m === "hidden" ? "history.hidden" : "history.erased")}</em>;
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object")) {
    if (v.length === 0) return <span className="muted">[]</span>;
    return (
      <>
        {v.map((x, i) => (
          <span key={i}>
            {i > 0 && ", "}
            <Value v={x} names={names} />
          </span>
        ))}
      </>
    );
  }
  // A small object (an entry added, a signature) reads as its keys and values; a large one as JSON.
  if (!Array.isArray(v) && typeof v === "object" && leafCount(v) <= 16) {
    const kv = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (kv.length === 0) return <span className="muted">{"{}"}</span>;
    return (
      <span className="hist-obj">
        {kv.map(([k, x], i) => (
          <span key={k}>
            {i > 0 && "; "}
            <span className="hist-key">{k}</span>: <Value v={x} names={names} />
          </span>
        ))}
      </span>
    );
  }
  const text = JSON.stringify(v);
  return (
    <code className="hist-json" title={text.length > 160 ? text : undefined}>
      {text.length > 160 ? text.slice(0, 160) + "…" : text}
    </code>
  );
}

/** Path shows a JSON pointer as its segments, long ids shortened (the whole pointer in its title). */
function PathView({ path }: { path: string }) {
  const segs = segments(path);
  if (segs.length === 0) return <code>/</code>;
  return (
    <code className="hist-path" title={path}>
      {segs.map((s, i) => (
        <span key={i}>
          {i > 0 && <span className="hist-sep"> / </span>}
          {uuidLike.test(s) ? `${s.slice(0, 8)}…` : s}
        </span>
      ))}
    </code>
  );
}

const manyChanges = 12;

/** Changes is an event's diff: path, before → after, additions and removals marked in words too. */
function Changes({ changes, names }: { changes: HistoryChange[]; names: Names }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  if (changes.length === 0) return <p className="muted hist-nochange">{t("history.noChanges")}</p>;
  const shown = all ? changes : changes.slice(0, manyChanges);
  return (
    <>
      <table className="hist-diff">
        <caption className="sr-only">{t("history.changes")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("history.field")}</th>
            <th scope="col">{t("history.before")}</th>
            <th scope="col" aria-hidden="true" className="hist-arrow"></th>
            <th scope="col">{t("history.after")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c, i) => (
            <tr key={`${c.path}-${i}`} className={`hist-op-${c.op}`}>
              <th scope="row">
                <PathView path={c.path} />{" "}
                <span className={`hist-op hist-op-label-${c.op}`}>{t(`history.op.${c.op}` as Key)}</span>
              </th>
              <td className="hist-before">{c.op === "add" ? <span className="muted">—</span> : <Value v={c.before} names={names} />}</td>
              <td className="hist-arrow" aria-hidden="true">
                →
              </td>
              <td className="hist-after">{c.op === "remove" ? <span className="muted">—</span> : <Value v={c.after} names={names} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {changes.length > manyChanges && (
        <button type="button" className="link" aria-expanded={all} onClick={() => setAll((a) => !a)}>
          {all ? t("history.fewerChanges") : t("history.allChanges", { n: changes.length })}
        </button>
      )}
    </>
  );
}

/** leafCount counts a value's scalars, to open small objects and fold large ones. */
function leafCount(v: unknown): number {
  if (v === null || typeof v !== "object") return 1;
  const xs = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
  return xs.reduce<number>((n, x) => n + leafCount(x), 0);
}

interface Marks {
  changed: Set<string>;
  /** the ancestors of changed paths (and of removed ones): their subtrees open. */
  within: Set<string>;
}

function marksOf(changes: HistoryChange[]): Marks {
  const changed = new Set<string>();
  const within = new Set<string>();
  for (const c of changes) {
    if (c.op !== "remove") changed.add(c.path);
    const segs = segments(c.path);
    let p = "";
    for (let i = 0; i < segs.length - 1; i++) {
      p = pointer(p, segs[i]);
      within.add(p);
    }
  }
  return { changed, within };
}

/** StateTree shows the entity's state as nested keys and values; what the selected event changed is marked. */
function StateTree({ value, path, depth, marks, names }: { value: unknown; path: string; depth: number; marks: Marks; names: Names }) {
  const { t } = useI18n();
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((x, i) => [String(i), x])
    : Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return <span className="muted">{Array.isArray(value) ? "[]" : "{}"}</span>;
  return (
    <dl className="hist-tree">
      {entries.map(([k, v]) => {
        const p = pointer(path, k);
        const changed = marks.changed.has(p);
        const nested =
          v !== null && typeof v === "object" && !marker(v) && !(Array.isArray(v) && v.every((x) => x === null || typeof x !== "object"));
        const label = uuidLike.test(k) ? (
          <code title={k}>
            {k.slice(0, 8)}…{names.person(k) || names.project(k) ? ` (${names.person(k) ?? names.project(k)})` : ""}
          </code>
        ) : (
          k
        );
        return (
          <div
            key={k}
            className={`hist-node${nested ? " nested" : ""}${changed ? " changed" : ""}${marks.within.has(p) ? " within" : ""}`}
            data-path={p}
          >
            <dt>
              {label}
              {changed && <span className="hist-changed-mark">{t("history.changedHere")}</span>}
            </dt>
            <dd>
              {nested ? (
                depth >= 1 ? (
                  <details open={changed || marks.within.has(p) || leafCount(v) <= 12}>
                    <summary>{t("history.fields", { n: Array.isArray(v) ? v.length : Object.keys(v as object).length })}</summary>
                    <StateTree value={v} path={p} depth={depth + 1} marks={marks} names={names} />
                  </details>
                ) : (
                  <StateTree value={v} path={p} depth={depth + 1} marks={marks} names={names} />
                )
              ) : (
                <Value v={v} names={names} />
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

export function HistoryScreen({ stream }: { stream: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const stamp = useStamp();
  const { client, orgId } = useApp();
  const { search } = useLocation();
  const navigate = useNavigate();
  const names = useNames();
  const asOf = (search.get("as_of") ?? "").trim();
  const limitParam = Number(search.get("limit") ?? "");
  const limit = Number.isInteger(limitParam) && limitParam >= 1 && limitParam <= 1000 ? limitParam : defaultLimit;
  const path = `/history/${encodeURIComponent(stream)}`;

  // Every event, page by page in version order (the head's state comes with the first page).
  const timeline = useInfiniteQuery<History, ApiError>({
    queryKey: ["org", orgId, "history", stream, "events", limit],
    initialPageParam: "",
    queryFn: ({ pageParam }) => client.get<History>(path, { limit, cursor: pageParam as string }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  // The state as of the as-of; its one event is not used (the timeline lists them).
  const atQ = useQuery<History, ApiError>({
    queryKey: ["org", orgId, "history", stream, "as_of", asOf],
    queryFn: () => client.get<History>(path, { as_of: asOf, limit: 1 }),
    enabled: asOf !== "",
    placeholderData: keepPreviousData,
  });
  const head = timeline.data?.pages[0];
  const events = useMemo(() => timeline.data?.pages.flatMap((p) => p.events) ?? [], [timeline.data]);
  const view = asOf ? atQ.data : head;
  const category = head?.category ?? view?.category ?? stream.split("-")[0];
  useFollow([topicOf(category, stream, head?.org_id, orgId)]);

  // A link's as_of may name an event past the pages read: read on until it is listed, so the slider stands on it.
  const lastLoaded = events.length ? events[events.length - 1].version : -1;
  const wantVersion = asOf && atQ.data && !atQ.isPlaceholderData ? atQ.data.version : -1;
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = timeline;
  useEffect(() => {
    if (wantVersion > lastLoaded && hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [wantVersion, lastLoaded, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const setAsOf = (v: string, replace = true) => {
    const p = new URLSearchParams(search);
    if (v) p.set("as_of", v);
    else p.delete("as_of");
    const s = p.toString();
    navigate(`/history/${encodeURIComponent(stream)}${s ? "?" + s : ""}`, replace);
  };

  // The moment shown: the event at the as-of's position when it names one, else the version the server resolved.
  let selected = -1;
  if (asOf && isPosition(asOf)) selected = events.findIndex((e) => e.position === asOf);
  if (selected < 0 && view && !(asOf && atQ.isPlaceholderData)) selected = events.findIndex((e) => e.version === view.version);
  const selectedEvent = selected >= 0 ? events[selected] : undefined;

  // An as-of before the stream's first event: the server says so (no_events, or nothing at that point), or the first event says it.
  const first = events[0];
  const millis = asOfMillis(asOf);
  const beforeFirst =
    !!asOf &&
    !!first &&
    ((isPosition(asOf) && BigInt(asOf) < BigInt(first.position)) ||
      (millis !== null && millis < Date.parse(first.recorded_at)) ||
      atQ.error?.code === "no_events" ||
      (!!atQ.data && !atQ.isPlaceholderData && (atQ.data.version < 0 || atQ.data.events.length === 0)));

  const title = head ? entityTitle(i18n, names, category, stream, head.state) : null;
  const own = head ? ownScreen(category, stream, head.state) : null;
  const categoryWords = tWord(i18n, `history.category.${category}`);

  return (
    <section className="history">
      <PageTitle
        sub={
          <p className="hist-entity">
            <span>{categoryWords ?? category}</span> · <code>{stream}</code>
            {own && (
              <>
                {" · "}
                <Link to={own}>{t("history.openEntity")}</Link>
              </>
            )}
          </p>
        }
      >
        {t("history.title", { what: title ?? stream })}
      </PageTitle>
      {timeline.isPending && <p className="loading" role="status">{t("loading")}</p>}
      {timeline.isError && <ErrorMessage error={timeline.error} />}
      {head && (
        <div className="hist-layout">
          <div className="hist-side">
            <Moment
              events={events}
              selected={selected}
              asOf={asOf}
              beforeFirst={beforeFirst}
              resolvedAt={view?.recorded_at}
              more={timeline.hasNextPage}
              onPick={(i) => setAsOf(events[i].position)}
              onTime={(v) => setAsOf(v, false)}
              onLatest={() => setAsOf("", false)}
              stamp={stamp}
            />
            <section className="card hist-state" aria-labelledby="hist-state-title">
              <h2 id="hist-state-title">
                {!asOf
                  ? t("history.stateNow")
                  : selectedEvent
                    ? t("history.stateAfter", { version: selectedEvent.version, when: stamp(selectedEvent.recorded_at) })
                    : t("history.stateAsOf", { asOf: millis !== null ? stamp(asOf) : asOf })}
              </h2>
              <p className="sr-only" role="status" aria-live="polite">
                {selectedEvent
                  ? `${t("history.version", { version: selectedEvent.version })}: ${typeWords(i18n, selectedEvent.type) ?? selectedEvent.type}`
                  : ""}
              </p>
              {beforeFirst ? (
                <div className="notice hist-before-first" role="status">
                  <p>{t("history.beforeFirst", { when: stamp(first.recorded_at) })}</p>
                  {atQ.error && atQ.error.message && <p className="muted">{atQ.error.message}</p>}
                  <button type="button" onClick={() => setAsOf(first.position)}>
                    {t("history.toFirst")}
                  </button>
                </div>
              ) : asOf && atQ.isError ? (
                <ErrorMessage error={atQ.error} />
              ) : asOf && atQ.isPending ? (
                <p className="loading" role="status">{t("loading")}</p>
              ) : view ? (
                <div className={atQ.isPlaceholderData ? "hist-stale" : undefined} aria-busy={atQ.isPlaceholderData || undefined}>
                  {view.recorded_at && (
                    <p className="muted">
                      {t("history.resolved", { version: view.version, when: stamp(view.recorded_at), position: view.as_of?.position || "—" })}
                    </p>
                  )}
                  {view.state !== null && typeof view.state === "object" ? (
                    <StateTree value={view.state} path="" depth={0} marks={marksOf(selectedEvent?.changes ?? [])} names={names} />
                  ) : (
                    <p>
                      <Value v={view.state} names={names} />
                    </p>
                  )}
                </div>
              ) : null}
            </section>
          </div>
          <Timeline
            events={events}
            selected={selected}
            names={names}
            stamp={stamp}
            onPick={(i) => setAsOf(events[i].position, false)}
            more={timeline.hasNextPage}
            loadingMore={timeline.isFetchingNextPage}
            onMore={() => void timeline.fetchNextPage()}
            moreError={timeline.isFetchNextPageError ? timeline.error : null}
          />
        </div>
      )}
    </section>
  );
}

/** Moment picks the point of history shown: the slider over the events, or a date and time. */
function Moment({
  events,
  selected,
  asOf,
  beforeFirst,
  resolvedAt,
  more,
  onPick,
  onTime,
  onLatest,
  stamp,
}: {
  events: HistoryEvent[];
  selected: number;
  asOf: string;
  /** the as-of is before the first event: the slider has a stop before the first for it, and says so. */
  beforeFirst: boolean;
  resolvedAt?: string;
  more: boolean;
  onPick: (i: number) => void;
  onTime: (asOf: string) => void;
  onLatest: () => void;
  stamp: (iso: string | undefined | null) => string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const shownTime = asOfMillis(asOf) !== null ? asOf : selected >= 0 ? events[selected].recorded_at : asOf ? resolvedAt : undefined;
  const [when, setWhen] = useState(() => localInput(shownTime));
  const [bad, setBad] = useState(false);
  // The field follows the moment shown (the slider moved, a link opened).
  useEffect(() => {
    setWhen(localInput(shownTime));
    setBad(false);
  }, [shownTime]);
  if (events.length === 0) return <Notice>{t("history.none")}</Notice>;
  const value = beforeFirst ? -1 : selected >= 0 ? selected : events.length - 1;
  const ev = events[Math.max(value, 0)];
  const valueText = beforeFirst
    ? t("history.beforeFirstShort")
    : t("history.sliderValue", {
        n: value + 1,
        of: events.length,
        type: typeWords(i18n, ev.type) ?? ev.type,
        when: stamp(ev.recorded_at),
        who: ev.actor_name || (ev.actor_id ? ev.actor_id.slice(0, 8) : t("history.system")),
      });
  return (
    <section className="card hist-moment" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("history.moment")}</h2>
      <div className="field hist-slider">
        <label htmlFor={`${id}-slider`}>{t("history.slider")}</label>
        <input
          id={`${id}-slider`}
          type="range"
          min={beforeFirst ? -1 : 0}
          max={Math.max(events.length - 1, 0)}
          step={1}
          value={value}
          aria-valuetext={valueText}
          aria-describedby={`${id}-slider-hint`}
          onChange={(e) => {
            const i = Number(e.target.value);
            if (i >= 0) onPick(i);
          }}
        />
        <span className="hist-slider-ends" aria-hidden="true">
          <span>{stamp(events[0].recorded_at)}</span>
          <span>{stamp(events[events.length - 1].recorded_at)}</span>
        </span>
        <span className="hint" id={`${id}-slider-hint`}>
          {t("history.sliderHint")}
          {more ? ` ${t("history.sliderMore")}` : ""}
        </span>
        <output htmlFor={`${id}-slider`} className="hist-slider-value">
          {asOf ? valueText : t("history.latest")}
        </output>
      </div>
      <form
        className="inline hist-when"
        aria-label={t("history.byTime")}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const v = asOfOfLocal(when);
          if (!v) {
            setBad(true);
            return;
          }
          onTime(v);
        }}
      >
        <div className={`field${bad ? " invalid" : ""}`}>
          <label htmlFor={`${id}-when`}>{t("history.when")}</label>
          <input
            id={`${id}-when`}
            type="datetime-local"
            step={1}
            value={when}
            onChange={(e) => {
              setWhen(e.target.value);
              setBad(false);
            }}
            aria-invalid={bad || undefined}
            aria-describedby={bad ? `${id}-when-error` : undefined}
          />
          {bad && (
            <span className="field-error" id={`${id}-when-error`} role="alert">
              {t("history.badTime")}
            </span>
          )}
        </div>
        <button type="submit">{t("history.show")}</button>
        <button type="button" onClick={onLatest} disabled={!asOf}>
          {t("history.toLatest")}
        </button>
      </form>
    </section>
  );
}

/** Timeline lists the events in version order, each with its diff; the one shown is current. */
function Timeline({
  events,
  selected,
  names,
  stamp,
  onPick,
  more,
  loadingMore,
  onMore,
  moreError,
}: {
  events: HistoryEvent[];
  selected: number;
  names: Names;
  stamp: (iso: string | undefined | null) => string;
  onPick: (i: number) => void;
  more: boolean;
  loadingMore: boolean;
  onMore: () => void;
  moreError: ApiError | null;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const listRef = useRef<HTMLOListElement>(null);
  const firstNew = useRef<number | null>(null);
  // "Load more" hands the focus to the first event it brought.
  useEffect(() => {
    const n = firstNew.current;
    if (n === null || events.length <= n) return;
    firstNew.current = null;
    listRef.current?.querySelector<HTMLElement>(`[data-index="${n}"]`)?.focus();
  }, [events.length]);
  return (
    <section className="hist-events" aria-labelledby="hist-events-title">
      <h2 id="hist-events-title">{t("history.events", { n: events.length })}</h2>
      <ol className="hist-timeline" ref={listRef}>
        {events.map((e, i) => {
          const words = typeWords(i18n, e.type);
          const changes = e.changes ?? [];
          return (
            <li
              key={e.event_id}
              className={`card hist-event${i === selected ? " selected" : ""}`}
              aria-current={i === selected ? "step" : undefined}
              data-index={i}
              tabIndex={-1}
            >
              <h3 className="hist-event-head">
                <span className="hist-type">{words ?? e.type}</span>
                <span className="hist-meta">
                  <time dateTime={e.recorded_at}>{stamp(e.recorded_at)}</time> ·{" "}
                  <span className="hist-actor">{e.actor_name || (e.actor_id ? e.actor_id.slice(0, 8) : t("history.system"))}</span>
                </span>
              </h3>
              <p className="hist-ids muted">
                {words && <code>{e.type}</code>} {t("history.version", { version: e.version })} · {t("history.position", { position: e.position })}
              </p>
              <Changes changes={changes} names={names} />
              {e.data !== undefined && e.data !== null && (
                <details className="hist-data">
                  <summary>{t("history.data")}</summary>
                  <pre>{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              )}
              <div className="actions">
                {i === selected ? (
                  <span className="hist-shown">{t("history.shown")}</span>
                ) : (
                  <button type="button" className="small" onClick={() => onPick(i)}>
                    {t("history.showState", { version: e.version })}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <ErrorMessage error={moreError} />
      {more && (
        <button
          type="button"
          className="more"
          disabled={loadingMore}
          onClick={() => {
            firstNew.current = events.length;
            onMore();
          }}
        >
          {loadingMore ? t("loading") : t("history.more")}
        </button>
      )}
    </section>
  );
}
