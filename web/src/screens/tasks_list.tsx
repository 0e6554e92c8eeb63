// The list view of tasks with the filters of GET /tasks: assignee, status,
// label, due range, work package, text (diacritics ignored by the server),
// archived, and "as of" a past date, which the server answers from the log
// (the tasks as they were then). Filters live in the URL, so a link opens the
// same view; they can be saved, for oneself or shared with the organisation
// (POST /task-filters), and a saved one applied again. Used on a list's page
// (?view=list) and across every list (/tasks/find).
import { useEffect, useId, useMemo, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ApiError, Query } from "../api";
import { useApp, useCommand, useOrgQuery } from "../app_context";
import { usePeople, useProjects, type ProjectDetail } from "../data";
import { useI18n, type Key } from "../i18n";
import { useLocation, useNavigate } from "../router";
import {
  isOverdue,
  useSavedFilters,
  useTaskLists,
  type FilterQuery,
  type SavedFilter,
  type TaskList,
  type TaskPage,
} from "../tasks_data";
import { ErrorMessage, Field, Form, Notice, PageTitle, SelectField } from "../ui";
import { TaskDrawer } from "./tasks_drawer";

/** localOf shows an as_of (an RFC 3339 time) in a datetime-local field, in the browser's zone. */
function localOf(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return "";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** asOfOfLocal is the as_of a datetime-local value means: the end of that second, so what was recorded during it counts. */
function asOfOfLocal(v: string): string | null {
  if (!v) return null;
  const ms = Date.parse(v.length === 16 ? `${v}:00` : v);
  return Number.isFinite(ms) ? new Date(ms + 999).toISOString() : null;
}

/** The URL parameters of the filters, each the API's own name; the repeated ones are OR'ed by the server. */
const multi = ["list", "project", "assignee", "status", "label", "work_package"] as const;
const single = ["due_from", "due_to", "q", "archived", "as_of"] as const;

/** TaskFindScreen is /tasks/find: the filtered list across every list the caller may read, and the drawer of ?task=. */
export function TaskFindScreen() {
  const { t } = useI18n();
  const { search, path } = useLocation();
  const navigate = useNavigate();
  const open = search.get("task");
  const setTask = (id: string | null) => {
    const p = new URLSearchParams(search);
    if (id) p.set("task", id);
    else p.delete("task");
    navigate(`${path}${p.toString() ? "?" + p.toString() : ""}`, true);
  };
  return (
    <section className={`task-screen${open ? " with-drawer" : ""}`}>
      <PageTitle>{t("tasks.find.title")}</PageTitle>
      <TaskFinder onOpen={setTask} />
      {open && (
        <TaskDrawer
          id={open}
          onOpen={setTask}
          onClose={() => {
            setTask(null);
            requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-task="${open}"] .card-open`)?.focus());
          }}
        />
      )}
    </section>
  );
}

/** MultiPick chooses several values (checkboxes in a disclosure that says what is chosen). */
function MultiPick({
  label,
  values,
  options,
  onChange,
}: {
  label: string;
  values: string[];
  options: { value: string; label: string }[];
  onChange: (v: string[]) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const names = values.map((v) => options.find((o) => o.value === v)?.label ?? v.slice(0, 8));
  return (
    <details className="multi-pick field">
      <summary id={id}>
        <span className="multi-label">{label}</span>: {names.length ? names.join(", ") : t("all")}
      </summary>
      <fieldset aria-labelledby={id}>
        <ul className="checks">
          {options.map((o) => (
            <li key={o.value}>
              <label>
                <input
                  type="checkbox"
                  checked={values.includes(o.value)}
                  onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
                />{" "}
                {o.label}
              </label>
            </li>
          ))}
        </ul>
        {values.length > 0 && (
          <button type="button" className="link" onClick={() => onChange([])}>
            {t("tasks.filter.clearOne", { what: label })}
          </button>
        )}
      </fieldset>
    </details>
  );
}

function queryOf(f: FilterQuery): URLSearchParams {
  const p = new URLSearchParams();
  f.list_ids?.forEach((x) => p.append("list", x));
  f.project_ids?.forEach((x) => p.append("project", x));
  f.assignees?.forEach((x) => p.append("assignee", x));
  f.statuses?.forEach((x) => p.append("status", x));
  f.labels?.forEach((x) => p.append("label", x));
  f.work_package_ids?.forEach((x) => p.append("work_package", x));
  if (f.due_from) p.set("due_from", f.due_from);
  if (f.due_to) p.set("due_to", f.due_to);
  if (f.text) p.set("q", f.text);
  if (f.include_archived) p.set("archived", "all");
  return p;
}

function filterOf(p: URLSearchParams, list?: TaskList): FilterQuery {
  const some = (k: string) => {
    const v = p.getAll(k).filter(Boolean);
    return v.length ? v : undefined;
  };
  const f: FilterQuery = {
    list_ids: list ? [list.list_id] : some("list"),
    project_ids: some("project"),
    assignees: some("assignee"),
    statuses: some("status"),
    labels: some("label"),
    work_package_ids: some("work_package"),
  };
  if (p.get("due_from")) f.due_from = p.get("due_from")!;
  if (p.get("due_to")) f.due_to = p.get("due_to")!;
  if (p.get("q")) f.text = p.get("q")!;
  if (p.get("archived") === "all") f.include_archived = true;
  for (const k of Object.keys(f) as (keyof FilterQuery)[]) if (f[k] === undefined) delete f[k];
  return f;
}

/** TaskFinder is the filters and the tasks they find; list fixes the list (a list's page). */
export function TaskFinder({ list, onOpen }: { list?: TaskList; onOpen: (id: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const app = useApp();
  const { search, path } = useLocation();
  const navigate = useNavigate();
  const people = usePeople();
  const lists = useTaskLists();
  const projects = useProjects();
  const get = (k: string) => search.get(k) ?? "";
  const all = (k: string) => search.getAll(k).filter(Boolean);
  const setParams = (change: (p: URLSearchParams) => void) => {
    const p = new URLSearchParams(search);
    change(p);
    p.delete("cursor");
    navigate(`${path}${p.toString() ? "?" + p.toString() : ""}`, true);
  };
  const setMulti = (k: string, vs: string[]) =>
    setParams((p) => {
      p.delete(k);
      vs.forEach((v) => p.append(k, v));
    });
  const setOne = (k: string, v: string) =>
    setParams((p) => {
      if (v) p.set(k, v);
      else p.delete(k);
    });
  // Text fields apply on "Filter" (Enter), not at every key.
  const [text, setText] = useState({ q: get("q"), label: all("label").join(", ") });
  useEffect(() => setText({ q: get("q"), label: all("label").join(", ") }), [search.toString()]); // eslint-disable-line react-hooks/exhaustive-deps

  const apiQuery: Query = {};
  for (const k of multi) {
    if (k === "list" && list) continue;
    apiQuery[k] = all(k);
  }
  for (const k of single) apiQuery[k] = get(k) || undefined;
  if (list) apiQuery.list = list.list_id;
  apiQuery.limit = 100;

  const shownLists: TaskList[] = list ? [list] : (lists.data?.items ?? []);
  const columnName = useMemo(() => {
    const m = new Map<string, string>();
    shownLists.forEach((l) => l.columns.forEach((c) => m.set(c.column_id, list ? c.name : `${c.name} (${l.name})`)));
    return m;
  }, [shownLists, list]);
  const shortColumn = useMemo(() => {
    const m = new Map<string, { name: string; done: boolean }>();
    shownLists.forEach((l) => l.columns.forEach((c) => m.set(c.column_id, { name: c.name, done: c.done })));
    return m;
  }, [shownLists]);
  // Work packages: of the list's project, or of the one project chosen.
  const projectId = list?.project_id ?? (all("project").length === 1 ? all("project")[0] : "");
  const project = useOrgQuery<ProjectDetail>(["project", projectId], `/projects/${projectId}`, undefined, !!projectId);

  const pages = useInfiniteQuery<TaskPage, ApiError>({
    queryKey: ["org", app.orgId, "tasks", "search", apiQuery],
    queryFn: ({ pageParam }) => app.client.get<TaskPage>(`/orgs/${app.orgId}/tasks`, { ...apiQuery, cursor: (pageParam as string) || undefined }),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor || undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const asOf = pages.data?.pages[0]?.as_of;
  const me = app.personId;
  const personOptions = [
    ...people.list.filter((p) => p.person_id === me).map((p) => ({ value: p.person_id, label: `${p.given_name} ${p.family_name} (${t("tasks.me")})` })),
    ...people.list.filter((p) => p.person_id !== me).map((p) => ({ value: p.person_id, label: `${p.given_name} ${p.family_name}` })),
  ];
  const helpId = useId();
  const filtered = [...multi, ...single].some((k) => (k === "list" && list ? false : search.getAll(k).some(Boolean)));
  return (
    <div className="task-finder">
      <Form
        label={t("tasks.filter.title")}
        className="filters task-filters"
        onSubmit={() =>
          setParams((p) => {
            if (text.q.trim()) p.set("q", text.q.trim());
            else p.delete("q");
            p.delete("label");
            text.label
              .split(",")
              .map((x) => x.trim())
              .filter(Boolean)
              .forEach((l) => p.append("label", l));
          })
        }
      >
        <Field label={t("tasks.filter.text")} type="search" value={text.q} onChange={(q) => setText((x) => ({ ...x, q }))} aria-describedby={`${helpId}-text`} />
        <Field label={t("tasks.field.labels")} value={text.label} onChange={(label) => setText((x) => ({ ...x, label }))} aria-describedby={`${helpId}-labels`} />
        {!list && (
          <MultiPick label={t("tasks.filter.lists")} values={all("list")} onChange={(v) => setMulti("list", v)} options={(lists.data?.items ?? []).map((l) => ({ value: l.list_id, label: l.name }))} />
        )}
        {!list && (
          <MultiPick label={t("field.project")} values={all("project")} onChange={(v) => setMulti("project", v)} options={projects.list.map((p) => ({ value: p.project_id, label: p.acronym }))} />
        )}
        <MultiPick label={t("tasks.field.assignees")} values={all("assignee")} onChange={(v) => setMulti("assignee", v)} options={personOptions} />
        <MultiPick label={t("tasks.field.status")} values={all("status")} onChange={(v) => setMulti("status", v)} options={[...columnName].map(([value, label]) => ({ value, label }))} />
        {project.data && (
          <MultiPick
            label={t("tasks.field.work_package_id")}
            values={all("work_package")}
            onChange={(v) => setMulti("work_package", v)}
            options={project.data.work_packages.map((w) => ({ value: w.work_package_id, label: `${w.code} · ${w.title}` }))}
          />
        )}
        <Field label={t("tasks.filter.dueFrom")} type="date" value={get("due_from")} onChange={(v) => setOne("due_from", v)} />
        <Field label={t("tasks.filter.dueTo")} type="date" value={get("due_to")} onChange={(v) => setOne("due_to", v)} />
        <Field
          label={t("tasks.filter.asOf")}
          type="datetime-local"
          step={1}
          value={localOf(get("as_of"))}
          onChange={(v) => setOne("as_of", asOfOfLocal(v) ?? "")}
          aria-describedby={`${helpId}-asof`}
        />
        <SelectField
          label={t("tasks.filter.archived")}
          value={get("archived")}
          onChange={(v) => setOne("archived", v)}
          empty={t("tasks.filter.archivedNo")}
          options={[
            { value: "all", label: t("tasks.filter.archivedAll") },
            { value: "true", label: t("tasks.filter.archivedOnly") },
          ]}
        />
        <div className="actions">
          <button type="submit" className="primary">
            {t("tasks.filter.apply")}
          </button>
          {filtered && (
            <button
              type="button"
              onClick={() =>
                setParams((p) => {
                  [...multi, ...single].forEach((k) => p.delete(k));
                })
              }
            >
              {t("tasks.filter.clear")}
            </button>
          )}
        </div>
      </Form>
      <p className="hint filter-help">
        <span id={`${helpId}-text`}>{t("tasks.hint.text")}</span> <span id={`${helpId}-labels`}>{t("tasks.hint.labels")}.</span>{" "}
        <span id={`${helpId}-asof`}>{t("tasks.hint.asOf")}</span>
      </p>
      <SavedFilters list={list} />
      {asOf && (
        <Notice>
          {t("tasks.asOf.notice", { when: i18n.dateTime(get("as_of")) || String(asOf.asked), position: String(asOf.position) })}{" "}
          <button type="button" className="link" onClick={() => setOne("as_of", "")}>
            {t("tasks.asOf.now")}
          </button>
        </Notice>
      )}
      {pages.isPending ? (
        <p className="loading" role="status">
          {t("loading")}
        </p>
      ) : pages.isError ? (
        <ErrorMessage error={pages.error} />
      ) : items.length === 0 ? (
        <Notice>{t("tasks.find.none")}</Notice>
      ) : (
        <div className="table-wrap">
          <table className="task-table">
            <caption className="sr-only">{t("tasks.find.caption", { n: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("tasks.field.title")}</th>
                <th scope="col">{t("tasks.field.status")}</th>
                <th scope="col">{t("tasks.field.priority")}</th>
                <th scope="col">{t("tasks.field.assignees")}</th>
                <th scope="col">{t("tasks.field.labels")}</th>
                <th scope="col">{t("tasks.field.due")}</th>
                <th scope="col">{t("tasks.subtasksCol")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const col = shortColumn.get(c.status);
                return (
                  <tr key={c.task_id} data-task={c.task_id}>
                    <th scope="row">
                      <button type="button" className="link card-open" onClick={() => onOpen(c.task_id)}>
                        {c.title}
                      </button>
                      {c.blocked && <span className="blocked-mark small-mark">{t("tasks.blocked")}</span>}
                    </th>
                    <td>{col ? columnName.get(c.status) ?? col.name : "—"}</td>
                    <td>
                      <span className={`prio prio-${c.priority}`}>{t(`tasks.priority.${c.priority}` as Key)}</span>
                    </td>
                    <td>{c.assignees.map((p) => people.name(p)).join(", ") || "—"}</td>
                    <td>{c.labels.join(", ") || "—"}</td>
                    <td className={!(c.done ?? col?.done) && isOverdue(c.due) ? "overdue" : undefined}>{c.due ? i18n.date(c.due) : "—"}</td>
                    <td className="num">{c.subtasks_total ? `${c.subtasks_done}/${c.subtasks_total}` : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage && (
        <button type="button" className="more" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {t("tasks.find.more")}
        </button>
      )}
    </div>
  );
}

/** SavedFilters applies a saved filter, saves the current one (for oneself or shared), deletes one's own. */
function SavedFilters({ list }: { list?: TaskList }) {
  const { t } = useI18n();
  const app = useApp();
  const { search, path } = useLocation();
  const navigate = useNavigate();
  const q = useSavedFilters();
  const [chosen, setChosen] = useState("");
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const save = useCommand({ fields: ["name", "query"] });
  const del = useCommand();
  const filters: SavedFilter[] = q.data?.items ?? [];
  const current = filters.find((f) => f.filter_id === chosen);
  const apply = (f: SavedFilter) => {
    const p = queryOf(f.query);
    const elsewhere = list && !(f.query.list_ids?.length === 1 && f.query.list_ids[0] === list.list_id) && !!f.query.list_ids?.length;
    if (list && !elsewhere) p.delete("list");
    // On a list's page a filter of other lists opens the search of every list.
    const base = elsewhere ? "/tasks/find" : path;
    const keep = new URLSearchParams(search);
    if (!elsewhere && keep.get("view")) p.set("view", keep.get("view")!);
    navigate(`${base}${p.toString() ? "?" + p.toString() : ""}`, true);
  };
  return (
    <details className="saved-filters card">
      <summary>{t("tasks.filter.saved", { n: filters.length })}</summary>
      {filters.length > 0 && (
        <div className="filters">
          <SelectField
            label={t("tasks.filter.savedPick")}
            value={chosen}
            onChange={setChosen}
            empty={t("tasks.noneChosen")}
            options={filters.map((f) => ({ value: f.filter_id, label: f.shared ? `${f.name} (${t("tasks.filter.sharedMark")})` : f.name }))}
          />
          <button type="button" disabled={!current} onClick={() => current && apply(current)}>
            {t("tasks.filter.applySaved")}
          </button>
          {current && current.owner_account_id === app.me.account.account_id && (
            <button
              type="button"
              className="danger"
              disabled={del.pending}
              onClick={async () => {
                if (await del.run("DELETE", `/task-filters/${current.filter_id}`)) setChosen("");
              }}
            >
              {t("tasks.filter.delete")}
            </button>
          )}
        </div>
      )}
      <ErrorMessage error={del.error} />
      <Form
        label={t("tasks.filter.save")}
        className="inline"
        error={save.formError}
        onSubmit={async () => {
          if (await save.run("POST", "/task-filters", { name, shared, query: filterOf(search, list) })) {
            setName("");
            setShared(false);
          }
        }}
      >
        <Field label={t("tasks.filter.name")} value={name} onChange={setName} error={save.fieldError("name")} />
        <label className="check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> {t("tasks.filter.shared")}
        </label>
        <button type="submit" disabled={save.pending || !name.trim()}>
          {t("tasks.filter.save")}
        </button>
      </Form>
    </details>
  );
}
