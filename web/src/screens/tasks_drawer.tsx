// The task drawer: one task beside the board or the list. Its fields are
// edited from the version shown (base_version): what is changed is kept in
// sessionStorage until the server accepts it, and only the changed fields are
// sent, so another user's change of other fields survives. When the server
// says task_conflict (someone changed the same field since), the conflict
// dialog shows both values. Then the description (Markdown, previewed while
// typed, the server's sanitised HTML once saved), subtasks, dependencies,
// time logged on the task through the Time rules, comments with @mentions,
// and the link to the task's history.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api";
import { useApp, useCommand, useDraft, useFollow, useOrgQuery } from "../app_context";
import { usePeople, type Person, type ProjectDetail } from "../data";
import { useI18n, type Key } from "../i18n";
import { Link } from "../router";
import {
  editableFields,
  listTopic,
  mayManage,
  mentionsIn,
  priorities,
  useTask,
  useTaskSearch,
  type Card,
  type EditableField,
  type TaskComment,
  type TaskList,
  type TaskView,
} from "../tasks_data";
import { Markdown } from "../tasks_markdown";
import { ErrorMessage, Field, Form, Loaded, SelectField, useErrorText } from "../ui";
import { HistoryLink } from "./history";
import { ConflictDialog, conflictOf, type ConflictRow } from "./tasks_conflict";
import { MentionTextarea } from "./tasks_mention";

/** Html shows Markdown the server rendered and sanitised (internal/markdown). */
export function Html({ html, className }: { html: string; className?: string }) {
  return <div className={`markdown ${className ?? ""}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The draft of a task's fields: the version it was edited from and each changed field's text. */
interface TaskDraft {
  base: number | null;
  fields: Partial<Record<EditableField, string>>;
}

/** text is a field's value as the form holds it (lists of people as JSON, labels as "a, b"). */
function text(task: TaskView, f: EditableField): string {
  switch (f) {
    case "assignees":
    case "watchers":
      return JSON.stringify([...(task[f] ?? [])].sort());
    case "labels":
      return (task.labels ?? []).join(", ");
    default:
      return (task[f] as string | null | undefined) ?? "";
  }
}

const splitLabels = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** value is what the server takes for a field's text ("" clears an optional field). */
function value(f: EditableField, s: string): unknown {
  if (f === "assignees" || f === "watchers") return JSON.parse(s) as string[];
  if (f === "labels") return splitLabels(s);
  return s;
}

/** same says whether a field's text means the task's current value. */
function same(task: TaskView, f: EditableField, s: string): boolean {
  if (f === "labels") return JSON.stringify(splitLabels(s)) === JSON.stringify(task.labels ?? []);
  return text(task, f) === s;
}

function useTaskDraft(id: string) {
  const storage = `cronica.draft.task.${id}`;
  const [draft, setDraft] = useState<TaskDraft>(() => {
    try {
      const s = sessionStorage.getItem(storage);
      if (s) return JSON.parse(s) as TaskDraft;
    } catch {
      /* a broken draft is dropped */
    }
    return { base: null, fields: {} };
  });
  useEffect(() => {
    try {
      if (Object.keys(draft.fields).length === 0) sessionStorage.removeItem(storage);
      else sessionStorage.setItem(storage, JSON.stringify(draft));
    } catch {
      /* storage off: the draft lives in memory */
    }
  }, [storage, draft]);
  return {
    draft,
    dirty: Object.keys(draft.fields).length > 0,
    /** set changes a field; the first change fixes the version the edit starts from. */
    set: (task: TaskView, f: EditableField, s: string) =>
      setDraft((d) => {
        const fields = { ...d.fields };
        if (same(task, f, s)) delete fields[f];
        else fields[f] = s;
        const empty = Object.keys(fields).length === 0;
        return { base: empty ? null : (d.base ?? task.version), fields };
      }),
    drop: (fs: string[]) =>
      setDraft((d) => {
        const fields = { ...d.fields };
        fs.forEach((f) => delete fields[f as EditableField]);
        return { base: Object.keys(fields).length ? d.base : null, fields };
      }),
    rebase: (base: number) => setDraft((d) => ({ ...d, base })),
    reset: () => setDraft({ base: null, fields: {} }),
  };
}

/** useTaskWords formats a task's fields for people: names, columns, codes, dates. */
export function useTaskWords(list: TaskList | undefined, project: ProjectDetail | undefined) {
  const i18n = useI18n();
  const { t } = i18n;
  const people = usePeople();
  return useMemo(() => {
    const wps = new Map<string, string>();
    const acts = new Map<string, string>();
    project?.work_packages.forEach((w) => {
      wps.set(w.work_package_id, `${w.code} · ${w.title}`);
      w.activities.forEach((a) => acts.set(a.activity_id, `${w.code} ${a.code} · ${a.title}`));
    });
    const column = (id: string) => list?.columns.find((c) => c.column_id === id)?.name ?? id;
    const field = (f: string) => {
      const s = t(`tasks.field.${f}` as Key);
      return s === `tasks.field.${f}` ? f : s;
    };
    const show = (f: string, v: unknown): string => {
      if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) return "—";
      switch (f) {
        case "assignees":
        case "watchers":
          return (v as string[]).map((p) => people.name(p)).join(", ");
        case "labels":
          return (v as string[]).join(", ");
        case "priority":
          return t(`tasks.priority.${v}` as Key);
        case "start":
        case "due":
          return i18n.date(String(v));
        case "status":
          return column(String(v));
        case "work_package_id":
          return wps.get(String(v)) ?? String(v);
        case "activity_id":
          return acts.get(String(v)) ?? String(v);
        case "parent_id":
          return String(v).slice(0, 8);
        default:
          return typeof v === "string" ? v : JSON.stringify(v);
      }
    };
    return { field, show, column, people };
  }, [i18n, t, people, list, project]);
}

/** TaskDrawer shows the task id beside the screen; onClose hands the focus back to where it was opened. */
export function TaskDrawer({ id, list, onClose, onOpen }: { id: string; list?: string; onClose: () => void; onOpen: (task: string) => void }) {
  const { t } = useI18n();
  const q = useTask(id, list ?? null);
  // Opened from a search across lists, the drawer follows its own list's changes.
  useFollow([q.data ? listTopic(q.data.list_id) : null]);
  const box = useRef<HTMLElement>(null);
  const titleId = useId();
  useEffect(() => {
    box.current?.querySelector<HTMLElement>("h2")?.focus();
  }, [id]);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === "Escape" && !e.defaultPrevented) {
      e.preventDefault();
      onClose();
    }
  };
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby={titleId} ref={box} onKeyDown={onKeyDown}>
      <div className="drawer-head">
        <h2 id={titleId} tabIndex={-1}>
          {q.data ? t("tasks.drawer.title", { title: q.data.title }) : t("tasks.drawer.loading")}
        </h2>
        <button type="button" className="small" onClick={onClose} aria-label={t("tasks.drawer.close")}>
          ✕
        </button>
      </div>
      <Loaded q={q}>{(task) => <TaskBody key={task.task_id} task={task} onOpen={onOpen} />}</Loaded>
    </aside>
  );
}

function TaskBody({ task, onOpen }: { task: TaskView; onOpen: (task: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useOrgQuery<TaskList>(["tasks", "list", task.list_id], `/task-lists/${task.list_id}`);
  const project = useOrgQuery<ProjectDetail>(["project", task.project_id ?? ""], `/projects/${task.project_id}`, undefined, !!task.project_id);
  const words = useTaskWords(list.data, project.data);
  const archive = useCommand();
  return (
    <div className="drawer-body">
      <p className="drawer-meta">
        {task.archived && <span className="badge-archived">{t("tasks.archived")}</span>}{" "}
        <span className="muted">{t("tasks.version", { v: task.version })}</span> ·{" "}
        <HistoryLink stream={`task-${task.task_id}`} label={t("tasks.history")} /> ·{" "}
        <Link to={`/tasks/lists/${task.list_id}?task=${task.task_id}`}>{list.data?.name ?? t("tasks.board")}</Link>
        {task.parent_id && (
          <>
            {" "}
            ·{" "}
            <button type="button" className="link" onClick={() => onOpen(task.parent_id!)}>
              {t("tasks.parent")}
            </button>
          </>
        )}
      </p>
      <StatusPicker task={task} list={list.data} words={words} />
      <TaskFields task={task} project={project.data} words={words} />
      <Subtasks task={task} onOpen={onOpen} words={words} />
      <Dependencies task={task} onOpen={onOpen} words={words} />
      <TimeLogged task={task} project={project.data} words={words} />
      <Comments task={task} list={list.data} people={words.people.list} name={words.people.name} />
      <div className="actions">
        {task.archived ? (
          <button type="button" disabled={archive.pending} onClick={() => void archive.run("POST", `/tasks/${task.task_id}/restore`)}>
            {t("tasks.restore")}
          </button>
        ) : (
          <button type="button" className="danger" disabled={archive.pending} onClick={() => void archive.run("POST", `/tasks/${task.task_id}/archive`)}>
            {t("tasks.archive")}
          </button>
        )}
      </div>
      <ErrorMessage error={archive.error} />
    </div>
  );
}

type Words = ReturnType<typeof useTaskWords>;

/** StatusPicker moves the task to another column (to its end), from the version shown. */
function StatusPicker({ task, list, words }: { task: TaskView; list: TaskList | undefined; words: Words }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const { orgId } = useApp();
  const move = useCommand({ fields: ["status"] });
  const [wanted, setWanted] = useState<string | null>(null);
  const conflict = conflictOf(move.error);
  const send = (status: string, base: number) => {
    setWanted(status);
    return move.run("POST", `/tasks/${task.task_id}/move`, { base_version: base, status });
  };
  return (
    <>
      <SelectField
        label={t("tasks.field.status")}
        value={task.status}
        onChange={(s) => void send(s, task.version)}
        options={(list?.columns ?? []).map((c) => ({ value: c.column_id, label: c.name }))}
        error={conflict ? null : move.fieldError("status")}
        disabled={move.pending || !list}
      />
      {!conflict && <ErrorMessage error={move.formError} />}
      {conflict && wanted && (
        <ConflictDialog
          message={move.error!.message}
          rows={[{ field: "status", label: words.field("status"), mine: words.column(wanted), theirs: words.show("status", conflict.current.status) }]}
          pending={move.pending}
          onKeepMine={() => void send(wanted, conflict.version)}
          onTakeTheirs={() => {
            move.clear();
            void qc.invalidateQueries({ queryKey: ["org", orgId, "tasks"] });
          }}
          onCancel={() => move.clear()}
        />
      )}
    </>
  );
}

function TaskFields({ task, project, words }: { task: TaskView; project: ProjectDetail | undefined; words: Words }) {
  const i18n = useI18n();
  const { t } = i18n;
  const qc = useQueryClient();
  const { orgId } = useApp();
  const d = useTaskDraft(task.task_id);
  const save = useCommand({ fields: [...editableFields] });
  const errorText = useErrorText();
  const conflict = conflictOf(save.error);
  const v = (f: EditableField) => d.draft.fields[f] ?? text(task, f);
  const set = (f: EditableField) => (s: string) => d.set(task, f, s);
  const changed = (f: EditableField) => d.draft.fields[f] !== undefined;
  const send = async (fields: Partial<Record<EditableField, string>>, base: number) => {
    const body: Record<string, unknown> = { base_version: base };
    for (const [f, s] of Object.entries(fields)) body[f] = value(f as EditableField, s as string);
    const r = await save.run("PATCH", `/tasks/${task.task_id}`, body);
    if (r) d.drop(Object.keys(fields));
    return r;
  };
  const [descMode, setDescMode] = useState<"view" | "write" | "preview">(changed("description") ? "write" : "view");
  const wps = project?.work_packages ?? [];
  const wp = wps.find((w) => w.work_package_id === v("work_package_id"));
  const activities = wp ? wp.activities : wps.flatMap((w) => w.activities);
  const mark = (f: EditableField) => (changed(f) ? ` (${t("tasks.changed")})` : "");
  let rows: ConflictRow[] = [];
  if (conflict) {
    rows = conflict.fields.map((f) => {
      const mine = d.draft.fields[f as EditableField];
      const cur = (conflict.current as unknown as Record<string, unknown>)[f];
      const show = (x: unknown) => (f === "description" ? <pre className="conflict-text">{String(x ?? "")}</pre> : words.show(f, x));
      return {
        field: f,
        label: words.field(f),
        mine: mine === undefined ? "—" : show(value(f as EditableField, mine)),
        theirs: show(cur),
      };
    });
  }
  return (
    <>
      <Form
        label={t("tasks.drawer.fields")}
        error={conflict ? null : save.formError}
        className="task-fields"
        onSubmit={() => {
          if (d.dirty) void send(d.draft.fields, d.draft.base ?? task.version);
        }}
      >
        <Field label={t("tasks.field.title") + mark("title")} value={v("title")} onChange={set("title")} error={conflict ? null : save.fieldError("title")} maxLength={200} />
        <div className="row3">
          <SelectField
            label={t("tasks.field.priority") + mark("priority")}
            value={v("priority")}
            onChange={set("priority")}
            options={priorities.map((p) => ({ value: p, label: t(`tasks.priority.${p}` as Key) }))}
            error={save.fieldError("priority")}
          />
          <Field label={t("tasks.field.start") + mark("start")} type="date" value={v("start")} onChange={set("start")} error={save.fieldError("start")} />
          <Field label={t("tasks.field.due") + mark("due")} type="date" value={v("due")} onChange={set("due")} error={save.fieldError("due")} />
        </div>
        <PeoplePicker label={t("tasks.field.assignees") + mark("assignees")} value={v("assignees")} onChange={set("assignees")} people={words.people.list} error={save.fieldError("assignees")} />
        <PeoplePicker label={t("tasks.field.watchers") + mark("watchers")} value={v("watchers")} onChange={set("watchers")} people={words.people.list} error={save.fieldError("watchers")} />
        <Field label={t("tasks.field.labels") + mark("labels")} value={v("labels")} onChange={set("labels")} hint={t("tasks.hint.labels")} error={save.fieldError("labels")} />
        {task.project_id && (
          <div className="row3">
            <SelectField
              label={t("tasks.field.work_package_id") + mark("work_package_id")}
              value={v("work_package_id")}
              onChange={set("work_package_id")}
              empty={t("tasks.noneChosen")}
              options={wps.map((w) => ({ value: w.work_package_id, label: `${w.code} · ${w.title}` }))}
              error={save.fieldError("work_package_id")}
            />
            <SelectField
              label={t("tasks.field.activity_id") + mark("activity_id")}
              value={v("activity_id")}
              onChange={set("activity_id")}
              empty={t("tasks.noneChosen")}
              options={activities.map((a) => ({ value: a.activity_id, label: `${a.code} · ${a.title}` }))}
              error={save.fieldError("activity_id")}
            />
          </div>
        )}
        <div className="desc">
          <div className="desc-head">
            <span className="desc-label" id={`desc-${task.task_id}`}>
              {t("tasks.field.description") + mark("description")}
            </span>
            <div className="lang" role="group" aria-labelledby={`desc-${task.task_id}`}>
              {(["view", "write", "preview"] as const).map((m) => (
                <button key={m} type="button" className="small" aria-pressed={descMode === m} onClick={() => setDescMode(m)}>
                  {t(`tasks.desc.${m}`)}
                </button>
              ))}
            </div>
          </div>
          {descMode === "write" && (
            <MentionTextarea
              label={t("tasks.desc.markdown")}
              value={v("description")}
              onChange={set("description")}
              people={words.people.list}
              rows={8}
              hint={t("tasks.hint.markdown")}
              error={save.fieldError("description")}
            />
          )}
          {descMode === "preview" && (
            <div className="preview" aria-label={t("tasks.desc.preview")} role="region">
              <Markdown src={v("description")} />
            </div>
          )}
          {descMode === "view" &&
            (changed("description") ? (
              <div className="preview" role="region" aria-label={t("tasks.desc.preview")}>
                <Markdown src={v("description")} />
              </div>
            ) : task.description_html ? (
              <Html html={task.description_html} className="saved" />
            ) : (
              <p className="muted">{t("tasks.desc.empty")}</p>
            ))}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={!d.dirty || save.pending}>
            {t("tasks.save")}
          </button>
          <button
            type="button"
            disabled={!d.dirty || save.pending}
            onClick={() => {
              d.reset();
              save.clear();
            }}
          >
            {t("tasks.discard")}
          </button>
          {d.dirty && d.draft.base !== null && d.draft.base !== task.version && (
            <span className="muted" role="status">
              {t("tasks.movedOn", { base: d.draft.base, now: task.version })}
            </span>
          )}
        </div>
      </Form>
      {conflict && (
        <ConflictDialog
          message={save.error!.message}
          rows={rows}
          pending={save.pending}
          error={save.error && !conflictOf(save.error) ? <p className="error">{errorText(save.error)}</p> : null}
          onKeepMine={() => {
            d.rebase(conflict.version);
            void send(d.draft.fields, conflict.version);
          }}
          onTakeTheirs={() => {
            const rest = { ...d.draft.fields };
            conflict.fields.forEach((f) => delete rest[f as EditableField]);
            d.drop(conflict.fields);
            save.clear();
            if (Object.keys(rest).length) {
              d.rebase(conflict.version);
              void send(rest, conflict.version);
            }
            void qc.invalidateQueries({ queryKey: ["org", orgId, "tasks"] });
          }}
          onCancel={() => save.clear()}
        />
      )}
    </>
  );
}

/** PeoplePicker chooses people of the organisation (a list's JSON text), with a search box. */
function PeoplePicker({
  label,
  value,
  onChange,
  people,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  people: Person[];
  error?: ApiError | null;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [filter, setFilter] = useState("");
  const chosen: string[] = JSON.parse(value || "[]");
  const byId = new Map(people.map((p) => [p.person_id, p]));
  const name = (id: string) => {
    const p = byId.get(id);
    return p ? `${p.given_name} ${p.family_name}` : id.slice(0, 8);
  };
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...chosen, id] : chosen.filter((x) => x !== id);
    onChange(JSON.stringify([...new Set(next)].sort()));
  };
  const f = filter.toLowerCase();
  return (
    <details className={`people-picker${error ? " invalid" : ""}`}>
      <summary>
        {label}: {chosen.length ? chosen.map(name).join(", ") : t("tasks.nobody")}
      </summary>
      <fieldset>
        <legend className="sr-only">{label}</legend>
        <Field label={t("tasks.findPerson")} value={filter} onChange={setFilter} />
        <ul className="checks">
          {people
            .filter((p) => !f || `${p.given_name} ${p.family_name}`.toLowerCase().includes(f) || chosen.includes(p.person_id))
            .map((p) => (
              <li key={p.person_id}>
                <label>
                  <input type="checkbox" checked={chosen.includes(p.person_id)} onChange={(e) => toggle(p.person_id, e.target.checked)} /> {p.given_name}{" "}
                  {p.family_name}
                </label>
              </li>
            ))}
        </ul>
      </fieldset>
      {error && (
        <p className="field-error" role="alert">
          {errorText(error)} <code className="code">{error.code}</code>
        </p>
      )}
    </details>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="drawer-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function CardLine({ card, onOpen, words }: { card: Pick<Card, "task_id" | "title" | "status">; onOpen: (id: string) => void; words: Words }) {
  return (
    <>
      <button type="button" className="link" onClick={() => onOpen(card.task_id)}>
        {card.title}
      </button>{" "}
      <span className="muted">· {words.column(card.status)}</span>
    </>
  );
}

function Subtasks({ task, onOpen, words }: { task: TaskView; onOpen: (id: string) => void; words: Words }) {
  const { t } = useI18n();
  const d = useDraft(`task.subtask.${task.task_id}`, { title: "" });
  const cmd = useCommand({ fields: ["title"] });
  return (
    <Section title={t("tasks.subtasks", { done: task.subtasks_done, total: task.subtasks_total })}>
      {task.subtasks.length > 0 && (
        <ul className="plain">
          {task.subtasks.map((s) => (
            <li key={s.task_id}>
              <CardLine card={s} onOpen={onOpen} words={words} />
            </li>
          ))}
        </ul>
      )}
      <Form
        label={t("tasks.addSubtask")}
        className="inline"
        error={cmd.formError}
        onSubmit={async () => {
          if (await cmd.run("POST", `/task-lists/${task.list_id}/tasks`, { title: d.values.title, parent_id: task.task_id })) d.reset();
        }}
      >
        <Field label={t("tasks.subtaskTitle")} value={d.values.title} onChange={(x) => d.set("title", x)} error={cmd.fieldError("title")} />
        <button type="submit" disabled={cmd.pending || !d.values.title.trim()}>
          {t("tasks.addSubtask")}
        </button>
      </Form>
    </Section>
  );
}

function Dependencies({ task, onOpen, words }: { task: TaskView; onOpen: (id: string) => void; words: Words }) {
  const { t } = useI18n();
  const [pick, setPick] = useState("");
  const add = useCommand({ fields: ["blocked_by"] });
  const remove = useCommand();
  // The other tasks of the list, for the choice (the list's first page is plenty to pick from; text narrows it).
  const [find, setFind] = useState("");
  const candidates = useTaskSearch({ list: task.list_id, q: find || undefined, limit: 50 });
  const options = (candidates.data?.items ?? [])
    .filter((c) => c.task_id !== task.task_id && !task.blocked_by.some((b) => b.task_id === c.task_id))
    .map((c) => ({ value: c.task_id, label: c.title }));
  return (
    <Section title={t("tasks.dependencies")}>
      <h4>{t("tasks.blockedBy")}</h4>
      {task.blocked_by.length === 0 ? (
        <p className="muted">{t("tasks.noBlockers")}</p>
      ) : (
        <ul className="plain">
          {task.blocked_by.map((b) => (
            <li key={b.task_id}>
              <CardLine card={b} onOpen={onOpen} words={words} />{" "}
              <button
                type="button"
                className="small danger"
                disabled={remove.pending}
                aria-label={t("tasks.removeBlocker", { title: b.title })}
                onClick={() => void remove.run("DELETE", `/tasks/${task.task_id}/dependencies/${b.task_id}`)}
              >
                {t("remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={remove.error} />
      <Form
        label={t("tasks.addBlocker")}
        className="inline"
        error={add.formError}
        onSubmit={async () => {
          if (pick && (await add.run("POST", `/tasks/${task.task_id}/dependencies`, { blocked_by: pick }))) setPick("");
        }}
      >
        <Field label={t("tasks.findTask")} value={find} onChange={setFind} />
        <SelectField label={t("tasks.blocker")} value={pick} onChange={setPick} empty={t("tasks.noneChosen")} options={options} error={add.fieldError("blocked_by")} />
        <button type="submit" disabled={add.pending || !pick}>
          {t("tasks.addBlocker")}
        </button>
      </Form>
      {task.blocks.length > 0 && (
        <>
          <h4>{t("tasks.blocks")}</h4>
          <ul className="plain">
            {task.blocks.map((b) => (
              <li key={b.task_id}>
                <CardLine card={b} onOpen={onOpen} words={words} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function TimeLogged({ task, project, words }: { task: TaskView; project: ProjectDetail | undefined; words: Words }) {
  const i18n = useI18n();
  const { t } = i18n;
  const d = useDraft(`task.time.${task.task_id}`, { date: today(), hours: "", description: "", reason: "" });
  // The Time rules' refusals go next to the field they are about, as on the timesheet grid.
  const cmd = useCommand({
    fields: ["date", "minutes", "description", "reason"],
    fieldOf: (e) =>
      e.code.endsWith("_REASON_REQUIRED")
        ? "reason"
        : ["TIME_HOURS_INVALID", "TIME_DAILY_CAP", "TIME_WEEKLY_CAP"].includes(e.code)
          ? "minutes"
          : undefined,
  });
  const [local, setLocal] = useState<ApiError | null>(null);
  const total = task.time.reduce((s, x) => s + x.minutes, 0);
  const activity = project?.work_packages.flatMap((w) => w.activities.map((a) => ({ ...a, wp: w.code }))).find((a) => a.activity_id === task.activity_id);
  return (
    <Section title={t("tasks.time", { hours: i18n.hours(total) })}>
      {task.time.length > 0 && (
        <ul className="plain">
          {task.time.map((x) => (
            <li key={x.entry_id}>
              {i18n.date(x.date)} · {words.people.name(x.person_id)} · {i18n.hours(x.minutes)} h
            </li>
          ))}
        </ul>
      )}
      {!task.activity_id ? (
        <p className="muted">{t("tasks.time.needActivity")}</p>
      ) : (
        <p className="muted">{t("tasks.time.on", { activity: activity ? `${activity.wp} ${activity.code} · ${activity.title}` : task.activity_id.slice(0, 8) })}</p>
      )}
      <Form
        label={t("tasks.time.log")}
        className="time-form"
        error={local ?? cmd.formError}
        onSubmit={async () => {
          const n = Number(d.values.hours.replace(",", ".").trim());
          if (!d.values.hours.trim() || !Number.isFinite(n) || n <= 0) {
            setLocal(new ApiError(0, "hours_not_a_number", t("timesheet.hoursNumber")));
            return;
          }
          setLocal(null);
          const body: Record<string, unknown> = { date: d.values.date, minutes: Math.round(n * 60) };
          if (d.values.description.trim()) body.description = d.values.description.trim();
          if (d.values.reason.trim()) body.reason = d.values.reason.trim();
          if (await cmd.run("POST", `/tasks/${task.task_id}/time`, body)) d.reset({ date: d.values.date, hours: "", description: "", reason: "" });
        }}
      >
        <div className="row3">
          <Field label={t("tasks.time.date")} type="date" value={d.values.date} onChange={(x) => d.set("date", x)} error={cmd.fieldError("date")} />
          <Field
            label={t("field.hours")}
            inputMode="decimal"
            placeholder="7,5"
            value={d.values.hours}
            onChange={(x) => d.set("hours", x)}
            title={t("hint.hours")}
            error={cmd.fieldError("minutes")}
          />
        </div>
        <Field label={t("field.description")} value={d.values.description} onChange={(x) => d.set("description", x)} error={cmd.fieldError("description")} />
        <Field label={t("field.reason")} value={d.values.reason} onChange={(x) => d.set("reason", x)} hint={t("hint.reason")} error={cmd.fieldError("reason")} />
        <div className="actions">
          <button type="submit" disabled={cmd.pending}>
            {t("tasks.time.log")}
          </button>
        </div>
      </Form>
    </Section>
  );
}

function Comments({ task, list, people, name }: { task: TaskView; list: TaskList | undefined; people: Person[]; name: (id: string) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { personId, me } = useApp();
  // tasks.manage may delete another's comment (the server decides; this only offers the button).
  const moderator = !!list && mayManage(me, list);
  const d = useDraft(`task.comment.${task.task_id}`, { body: "" });
  const [preview, setPreview] = useState(false);
  const cmd = useCommand({ fields: ["body"] });
  return (
    <Section title={t("tasks.comments", { n: task.comments.filter((c) => !c.deleted).length })}>
      <ol className="comments">
        {task.comments.map((c) => (
          <CommentItem key={c.comment_id} task={task} c={c} mine={c.author_person_id === personId} moderator={moderator} people={people} name={name} />
        ))}
      </ol>
      <Form
        label={t("tasks.comment.new")}
        error={cmd.formError}
        onSubmit={async () => {
          const body = d.values.body;
          if (await cmd.run("POST", `/tasks/${task.task_id}/comments`, { body, mentions: mentionsIn(body) })) {
            d.reset();
            setPreview(false);
          }
        }}
      >
        {preview ? (
          <div className="preview" role="region" aria-label={t("tasks.desc.preview")}>
            <Markdown src={d.values.body} />
          </div>
        ) : (
          <MentionTextarea label={t("tasks.comment.body")} value={d.values.body} onChange={(x) => d.set("body", x)} people={people} hint={t("tasks.hint.mention")} error={cmd.fieldError("body")} />
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={cmd.pending || !d.values.body.trim()}>
            {t("tasks.comment.add")}
          </button>
          <button type="button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
            {t("tasks.desc.preview")}
          </button>
        </div>
      </Form>
    </Section>
  );
}

function CommentItem({
  task,
  c,
  mine,
  moderator,
  people,
  name,
}: {
  task: TaskView;
  c: TaskComment;
  mine: boolean;
  moderator: boolean;
  people: Person[];
  name: (id: string) => string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(c.body);
  const edit = useCommand({ fields: ["body"] });
  const del = useCommand();
  const author = c.author_name || name(c.author_person_id);
  if (c.deleted) {
    return (
      <li className="comment deleted">
        <span className="muted">{t("tasks.comment.deleted", { who: author })}</span>
      </li>
    );
  }
  return (
    <li className="comment">
      <p className="comment-head">
        <strong>{author}</strong> <span className="muted">{i18n.dateTime(c.created_at)}</span>
        {c.edited_at && <span className="muted"> · {t("tasks.comment.edited", { when: i18n.dateTime(c.edited_at) })}</span>}
      </p>
      {editing ? (
        <Form
          label={t("tasks.comment.edit")}
          error={edit.formError}
          onSubmit={async () => {
            if (await edit.run("PATCH", `/tasks/${task.task_id}/comments/${c.comment_id}`, { body, mentions: mentionsIn(body) })) setEditing(false);
          }}
        >
          <MentionTextarea label={t("tasks.comment.body")} value={body} onChange={setBody} people={people} error={edit.fieldError("body")} autoFocus />
          <div className="actions">
            <button type="submit" className="primary" disabled={edit.pending}>
              {t("save")}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t("cancel")}
            </button>
          </div>
        </Form>
      ) : (
        <Html html={c.body_html} />
      )}
      {(mine || moderator) && !editing && (
        <div className="actions">
          {mine && (
            <button
              type="button"
              className="small"
              onClick={() => {
                setBody(c.body);
                setEditing(true);
              }}
            >
              {t("edit")}
            </button>
          )}
          <button type="button" className="small danger" disabled={del.pending} onClick={() => void del.run("DELETE", `/tasks/${task.task_id}/comments/${c.comment_id}`)}>
            {t("delete")}
          </button>
        </div>
      )}
      <ErrorMessage error={del.error} />
    </li>
  );
}
