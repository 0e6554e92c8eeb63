// A task list's board: its columns and cards (priority, assignees, labels,
// due date, subtasks, blocked), moved with the mouse (HTML5 drag and drop:
// the card lands where the marker shows) or the keyboard (Alt + arrows on a
// card, or its move buttons), each move sent with the card's version and its
// new neighbours (POST /tasks/:task/move) and shown at once, undone if the
// server refuses. The board follows `tasklist:<id>`: another user's move or
// edit is read again (with min_position) without a reload. A move refused as
// task_conflict opens the conflict dialog. Managers edit the columns.
import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useApp, useCommand, useDraft, useFollow } from "../app_context";
import { usePeople } from "../data";
import { useI18n, type Key } from "../i18n";
import { Link, useLocation, useNavigate } from "../router";
import {
  boardKey,
  isOverdue,
  listTopic,
  mayManage,
  priorities,
  useBoard,
  type Board,
  type BoardColumn,
  type Card,
  type TaskList,
} from "../tasks_data";
import { ErrorMessage, Field, Form, Loaded, PageTitle, SelectField } from "../ui";
import { HistoryLink } from "./history";
import { ConflictDialog, conflictOf } from "./tasks_conflict";
import { TaskDrawer } from "./tasks_drawer";
import { TaskFinder } from "./tasks_list";

/** How many cards a column shows before "show more" (a list may hold thousands). */
const pageOfCards = 100;

/** TaskBoardScreen is /tasks/lists/:list: the board (or, with ?view=list, the list with filters) and the drawer of ?task=. */
export function TaskBoardScreen({ list }: { list: string }) {
  const { t } = useI18n();
  const { search, path } = useLocation();
  const navigate = useNavigate();
  const q = useBoard(list);
  useFollow([listTopic(list)]);
  const view = search.get("view") === "list" ? "list" : "board";
  const open = search.get("task");
  const opener = useRef<string | null>(null);
  const setParam = (k: string, v: string | null) => {
    const p = new URLSearchParams(search);
    if (v) p.set(k, v);
    else p.delete(k);
    navigate(`${path}${p.toString() ? "?" + p.toString() : ""}`, true);
  };
  const openTask = (id: string) => {
    opener.current = opener.current ?? id;
    setParam("task", id);
  };
  const closeTask = () => {
    const back = opener.current ?? open;
    opener.current = null;
    setParam("task", null);
    // The focus goes back to the card (or row) the drawer was opened from.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-task="${back}"] .card-open`)?.focus());
  };
  return (
    <Loaded q={q}>
      {(board) => (
        <section className={`task-screen${open ? " with-drawer" : ""}`}>
          <PageTitle
            sub={
              <p>
                <Link to="/tasks">{t("tasks.allLists")}</Link> · <HistoryLink stream={`tasklist-${board.list.list_id}`} label={t("tasks.listHistory")} />
              </p>
            }
          >
            {board.list.name}
          </PageTitle>
          <nav className="tabs" aria-label={t("tasks.views")}>
            <a
              href={`/tasks/lists/${list}`}
              aria-current={view === "board" ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                setParam("view", null);
              }}
            >
              {t("tasks.view.board")}
            </a>
            <a
              href={`/tasks/lists/${list}?view=list`}
              aria-current={view === "list" ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                setParam("view", "list");
              }}
            >
              {t("tasks.view.list")}
            </a>
          </nav>
          {view === "board" ? <BoardView board={board} onOpen={openTask} /> : <TaskFinder list={board.list} onOpen={openTask} />}
          {open && <TaskDrawer id={open} list={list} onClose={closeTask} onOpen={openTask} />}
        </section>
      )}
    </Loaded>
  );
}

/** moveLocally is the board after moving a card to column status at index (the server's answer replaces it). */
function moveLocally(b: Board, id: string, status: string, index: number): Board {
  let card: Card | undefined;
  const columns = b.columns.map((c) => {
    const found = c.tasks.find((x) => x.task_id === id);
    if (!found) return c;
    card = found;
    return { ...c, tasks: c.tasks.filter((x) => x.task_id !== id), total: c.total - 1 };
  });
  if (!card) return b;
  const moved = { ...card, status };
  return {
    ...b,
    columns: columns.map((c) => {
      if (c.column_id !== status) return c;
      const tasks = [...c.tasks];
      tasks.splice(Math.max(0, Math.min(index, tasks.length)), 0, moved);
      return { ...c, tasks, total: c.total + 1 };
    }),
  };
}

interface Move {
  task: Card;
  status: string;
  index: number;
  after_id?: string;
  before_id?: string;
}

interface Pending {
  seq: number;
  task: string;
  status: string;
  index: number;
}

function BoardView({ board: server, onOpen }: { board: Board; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  // One's own moves not yet answered are shown over the server's board: a read answered before one of them
  // (another change's push) does not put the card back meanwhile.
  const [pending, setPending] = useState<Pending[]>([]);
  const seq = useRef(0);
  const board = useMemo(() => pending.reduce((b, p) => moveLocally(b, p.task, p.status, p.index), server), [server, pending]);
  const qc = useQueryClient();
  const app = useApp();
  const people = usePeople();
  const key = boardKey(app.orgId, board.list.list_id);
  const move = useCommand();
  const [last, setLast] = useState<Move | null>(null);
  const [said, setSaid] = useState("");
  const [dragging, setDragging] = useState<string | null>(null);
  const [drop, setDrop] = useState<{ column: string; index: number } | null>(null);
  const [editColumns, setEditColumns] = useState(false);
  const focusAfter = useRef<string | null>(null);
  const conflict = conflictOf(move.error);
  const titles = useMemo(() => {
    const m = new Map<string, string>();
    board.columns.forEach((c) => c.tasks.forEach((x) => m.set(x.task_id, x.title)));
    return m;
  }, [board]);
  // A card moved by keyboard to another column is rendered anew there: the focus follows it (unless the user has
  // put it elsewhere), until the moves are answered.
  useEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    const el = document.querySelector<HTMLElement>(`[data-task="${id}"] .card-open`);
    const lost = !document.activeElement || document.activeElement === document.body;
    if (el && lost) el.focus();
    if (pending.length === 0) focusAfter.current = null;
  }, [board, pending.length]);

  // One's own moves go one after the other, each from the version the previous one made (a card moved twice
  // quickly by keyboard must not conflict with itself); another user's change in between is a real conflict.
  const versions = useRef(new Map<string, number>());
  const latest = useRef(server);
  latest.current = server;
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const send = async (m: Move, base: number) => {
    setLast(m);
    const body: Record<string, unknown> = { base_version: base, status: m.status };
    if (m.after_id) body.after_id = m.after_id;
    if (m.before_id) body.before_id = m.before_id;
    const r = await move.run("POST", `/tasks/${m.task.task_id}/move`, body);
    if (r) versions.current.set(m.task.task_id, r.version);
    else void qc.invalidateQueries({ queryKey: key }); // refused: the board as the server has it
    return r;
  };
  const enqueue = (m: Move, p: Pending) => {
    queue.current = queue.current.then(async () => {
      const id = m.task.task_id;
      const now = latest.current.columns.flatMap((c) => c.tasks).find((x) => x.task_id === id)?.version ?? m.task.version;
      try {
        // run reads the board again (with this write's position) before it returns: the overlay can go then.
        await send(m, Math.max(m.task.version, now, versions.current.get(id) ?? 0));
      } finally {
        setPending((ps) => ps.filter((x) => x.seq !== p.seq));
      }
    });
  };
  /** moveTo places a card at index of column status (index among the column's other cards). */
  const moveTo = (task: Card, status: string, index: number, byKeyboard: boolean) => {
    const column = board.columns.find((c) => c.column_id === status);
    if (!column) return;
    const rest = column.tasks.filter((x) => x.task_id !== task.task_id);
    const at = Math.max(0, Math.min(index, rest.length));
    const m: Move = { task, status, index: at, after_id: rest[at - 1]?.task_id, before_id: rest[at]?.task_id };
    const from = board.columns.find((c) => c.tasks.some((x) => x.task_id === task.task_id));
    const was = from?.tasks.filter((x) => x.task_id !== task.task_id) ?? [];
    const wasAt = from?.tasks.findIndex((x) => x.task_id === task.task_id) ?? -1;
    if (from?.column_id === status && was[wasAt - 1]?.task_id === m.after_id && was[wasAt]?.task_id === m.before_id) return; // no change
    const p: Pending = { seq: ++seq.current, task: task.task_id, status, index: at };
    setPending((ps) => [...ps, p]);
    if (byKeyboard) focusAfter.current = task.task_id;
    setSaid(t("tasks.moved", { title: task.title, column: column.name, n: at + 1, of: rest.length + 1 }));
    enqueue(m, p);
  };

  const indexAt = (ol: HTMLElement, y: number) => {
    const cards = [...ol.querySelectorAll<HTMLElement>(":scope > li[data-task]")].filter((li) => li.dataset.task !== dragging);
    const i = cards.findIndex((li) => {
      const r = li.getBoundingClientRect();
      return y < r.top + r.height / 2;
    });
    return i === -1 ? cards.length : i;
  };
  const card = (id: string) => board.columns.flatMap((c) => c.tasks).find((x) => x.task_id === id);
  const dnd = (column: BoardColumn) => ({
    onDragOver: (e: DragEvent<HTMLOListElement>) => {
      if (!dragging) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
      const index = indexAt(e.currentTarget, e.clientY);
      if (drop?.column !== column.column_id || drop.index !== index) setDrop({ column: column.column_id, index });
    },
    onDrop: (e: DragEvent<HTMLOListElement>) => {
      e.preventDefault();
      const id = dragging ?? e.dataTransfer.getData("text/x-cronica-task");
      const c = id ? card(id) : undefined;
      const index = indexAt(e.currentTarget, e.clientY);
      setDragging(null);
      setDrop(null);
      if (c) moveTo(c, column.column_id, index, false);
    },
  });
  const manager = mayManage(app.me, board.list);
  return (
    <>
      <div className="board-tools">
        <NewTask list={board.list} />
        {manager && (
          <button type="button" aria-expanded={editColumns} onClick={() => setEditColumns((x) => !x)}>
            {t("tasks.columns.edit")}
          </button>
        )}
      </div>
      {editColumns && manager && <ColumnsEditor board={board} onDone={() => setEditColumns(false)} />}
      {!conflict && <ErrorMessage error={move.error} />}
      <p className="sr-only" role="status" aria-live="polite">
        {said}
      </p>
      <p className="hint">{t("tasks.board.hint")}</p>
      <div className="board" aria-label={t("tasks.board")} role="group">
        {board.columns.map((column, ci) => (
          <ColumnView
            key={column.column_id}
            column={column}
            prev={board.columns[ci - 1]}
            next={board.columns[ci + 1]}
            dragging={dragging}
            drop={drop?.column === column.column_id ? drop.index : null}
            dnd={dnd(column)}
            name={people.name}
            titles={titles}
            onOpen={onOpen}
            onDragStart={(id) => setDragging(id)}
            onDragEnd={() => {
              setDragging(null);
              setDrop(null);
            }}
            onMove={moveTo}
          />
        ))}
      </div>
      {conflict && last && (
        <ConflictDialog
          message={move.error!.message}
          rows={[
            {
              field: "status",
              label: t("tasks.field.status"),
              mine: board.columns.find((c) => c.column_id === last.status)?.name ?? last.status,
              theirs: board.list.columns.find((c) => c.column_id === conflict.current.status)?.name ?? conflict.current.status ?? "—",
            },
            ...(conflict.fields.includes("rank")
              ? [{ field: "rank", label: t("tasks.field.rank"), mine: t("tasks.place", { n: last.index + 1 }), theirs: t("tasks.conflict.movedMeanwhile") }]
              : []),
          ]}
          pending={move.pending}
          onKeepMine={() => void send(last, conflict.version)}
          onTakeTheirs={() => {
            move.clear();
            void qc.invalidateQueries({ queryKey: key });
          }}
          onCancel={() => {
            move.clear();
            void qc.invalidateQueries({ queryKey: key });
          }}
        />
      )}
    </>
  );
}

function ColumnView({
  column,
  prev,
  next,
  dragging,
  drop,
  dnd,
  name,
  titles,
  onOpen,
  onDragStart,
  onDragEnd,
  onMove,
}: {
  column: BoardColumn;
  prev?: BoardColumn;
  next?: BoardColumn;
  dragging: string | null;
  drop: number | null;
  dnd: { onDragOver: (e: DragEvent<HTMLOListElement>) => void; onDrop: (e: DragEvent<HTMLOListElement>) => void };
  name: (id: string) => string;
  titles: Map<string, string>;
  onOpen: (id: string) => void;
  onDragStart: (id: string) => void;
  onDragEnd: () => void;
  onMove: (task: Card, status: string, index: number, byKeyboard: boolean) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [shown, setShown] = useState(pageOfCards);
  const cards = column.tasks.slice(0, shown);
  const items = cards.map((c, i) => (
    <CardView
      key={c.task_id}
      card={c}
      done={column.done}
      index={i}
      count={column.tasks.length}
      column={column}
      prev={prev}
      next={next}
      dragging={dragging === c.task_id}
      name={name}
      parent={c.parent_id ? titles.get(c.parent_id) : undefined}
      onOpen={onOpen}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onMove={onMove}
    />
  ));
  if (drop !== null) {
    // The marker's place among the cards other than the one dragged.
    const others = cards.map((c, i) => ({ c, i })).filter((x) => x.c.task_id !== dragging);
    const at = drop < others.length ? others[drop].i : cards.length;
    items.splice(at, 0, <li key="drop" className="drop-marker" aria-hidden="true" />);
  }
  return (
    <section className={`board-column${column.done ? " done" : ""}`} aria-label={column.name} data-column={column.column_id}>
      <h2 id={id}>
        {column.name} <span className="count">{column.total}</span>
        {column.done && <span className="sr-only"> ({t("tasks.column.done")})</span>}
      </h2>
      <ol className="cards" aria-labelledby={id} {...dnd}>
        {items}
      </ol>
      {column.tasks.length > shown && (
        <button type="button" className="small more" onClick={() => setShown((n) => n + pageOfCards)}>
          {t("tasks.showMore", { n: column.tasks.length - shown })}
        </button>
      )}
    </section>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0])
    .join("")
    .toUpperCase();
}

function CardView({
  card,
  done,
  index,
  count,
  column,
  prev,
  next,
  dragging,
  name,
  parent,
  onOpen,
  onDragStart,
  onDragEnd,
  onMove,
}: {
  card: Card;
  done: boolean;
  index: number;
  count: number;
  column: BoardColumn;
  prev?: BoardColumn;
  next?: BoardColumn;
  dragging: boolean;
  name: (id: string) => string;
  parent?: string;
  onOpen: (id: string) => void;
  onDragStart: (id: string) => void;
  onDragEnd: () => void;
  onMove: (task: Card, status: string, index: number, byKeyboard: boolean) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const overdue = !done && isOverdue(card.due);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!e.altKey) return;
    const to = { ArrowLeft: prev, ArrowRight: next }[e.key as "ArrowLeft" | "ArrowRight"];
    if (to) {
      e.preventDefault();
      onMove(card, to.column_id, index, true);
    } else if (e.key === "ArrowUp" && index > 0) {
      e.preventDefault();
      onMove(card, column.column_id, index - 1, true);
    } else if (e.key === "ArrowDown" && index < count - 1) {
      e.preventDefault();
      onMove(card, column.column_id, index + 1, true);
    }
  };
  return (
    <li
      className={`task-card card-prio-${card.priority}${dragging ? " dragging" : ""}${card.blocked ? " blocked" : ""}`}
      data-task={card.task_id}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData("text/x-cronica-task", card.task_id);
        e.dataTransfer.effectAllowed = "move";
        onDragStart(card.task_id);
      }}
      onDragEnd={onDragEnd}
    >
      <button type="button" className="card-open" onClick={() => onOpen(card.task_id)} onKeyDown={onKeyDown} aria-describedby={`${card.task_id}-facts`}>
        {card.title}
      </button>
      {parent && <p className="card-parent muted">↳ {parent}</p>}
      <ul className="card-facts" id={`${card.task_id}-facts`}>
        {card.priority !== "none" && (
          <li className={`prio prio-${card.priority}`}>
            <span className="sr-only">{t("tasks.field.priority")}: </span>
            {t(`tasks.priority.${card.priority}` as Key)}
          </li>
        )}
        {card.blocked && <li className="blocked-mark">{t("tasks.blocked")}</li>}
        {card.due && (
          <li className={overdue ? "due overdue" : "due"}>
            {t("tasks.dueOn", { date: i18n.date(card.due) })}
            {overdue && <span className="sr-only"> ({t("tasks.overdue")})</span>}
          </li>
        )}
        {card.subtasks_total > 0 && <li className="subtasks">{t("tasks.subtasksDone", { done: card.subtasks_done, total: card.subtasks_total })}</li>}
        {card.comment_count > 0 && <li className="comments-count">{t("tasks.commentCount", { n: card.comment_count })}</li>}
        {card.labels.map((l) => (
          <li key={l} className="label-chip">
            <span className="sr-only">{t("tasks.field.labels")}: </span>
            {l}
          </li>
        ))}
        {card.assignees.map((p) => (
          <li key={p} className="avatar" title={name(p)}>
            <span aria-hidden="true">{initials(name(p))}</span>
            <span className="sr-only">{t("tasks.assignedTo", { name: name(p) })}</span>
          </li>
        ))}
      </ul>
      <div className="card-moves" role="group" aria-label={t("tasks.moveGroup", { title: card.title })}>
        {prev && (
          <button type="button" className="small" onClick={() => onMove(card, prev.column_id, index, true)} aria-label={t("tasks.moveTo", { title: card.title, column: prev.name })}>
            ◀
          </button>
        )}
        {index > 0 && (
          <button type="button" className="small" onClick={() => onMove(card, column.column_id, index - 1, true)} aria-label={t("tasks.moveUp", { title: card.title })}>
            ▲
          </button>
        )}
        {index < count - 1 && (
          <button type="button" className="small" onClick={() => onMove(card, column.column_id, index + 1, true)} aria-label={t("tasks.moveDown", { title: card.title })}>
            ▼
          </button>
        )}
        {next && (
          <button type="button" className="small" onClick={() => onMove(card, next.column_id, index, true)} aria-label={t("tasks.moveTo", { title: card.title, column: next.name })}>
            ▶
          </button>
        )}
      </div>
    </li>
  );
}

/** NewTask adds a task to the list: a title, its column (the first by default), priority, due date, one assignee. */
function NewTask({ list }: { list: TaskList }) {
  const { t } = useI18n();
  const people = usePeople();
  const init = { title: "", status: "", priority: "none", due: "", assignee: "" };
  const d = useDraft(`task.new.${list.list_id}`, init);
  const cmd = useCommand({ fields: ["title", "status", "priority", "due", "assignees"] });
  const v = d.values;
  return (
    <Form
      label={t("tasks.new")}
      className="inline new-task"
      error={cmd.formError}
      onSubmit={async () => {
        const body: Record<string, unknown> = { title: v.title, priority: v.priority };
        if (v.status) body.status = v.status;
        if (v.due) body.due = v.due;
        if (v.assignee) body.assignees = [v.assignee];
        if (await cmd.run("POST", `/task-lists/${list.list_id}/tasks`, body)) d.reset({ ...init, status: v.status });
      }}
    >
      <Field label={t("tasks.field.title")} value={v.title} onChange={(x) => d.set("title", x)} error={cmd.fieldError("title")} maxLength={200} />
      <SelectField
        label={t("tasks.field.status")}
        value={v.status}
        onChange={(x) => d.set("status", x)}
        options={list.columns.map((c) => ({ value: c.column_id, label: c.name }))}
        empty={list.columns[0]?.name ?? ""}
        error={cmd.fieldError("status")}
      />
      <SelectField
        label={t("tasks.field.priority")}
        value={v.priority}
        onChange={(x) => d.set("priority", x)}
        options={priorities.map((p) => ({ value: p, label: t(`tasks.priority.${p}` as Key) }))}
        error={cmd.fieldError("priority")}
      />
      <Field label={t("tasks.field.due")} type="date" value={v.due} onChange={(x) => d.set("due", x)} error={cmd.fieldError("due")} />
      <SelectField
        label={t("tasks.assignee")}
        value={v.assignee}
        onChange={(x) => d.set("assignee", x)}
        empty={t("tasks.nobody")}
        options={people.list.map((p) => ({ value: p.person_id, label: `${p.given_name} ${p.family_name}` }))}
        error={cmd.fieldError("assignees")}
      />
      <button type="submit" className="primary" disabled={cmd.pending || !v.title.trim()}>
        {t("tasks.add")}
      </button>
    </Form>
  );
}

interface EditedColumn {
  key: string;
  column_id?: string;
  name: string;
  done: boolean;
}

/** ColumnsEditor renames, adds, reorders and removes columns (PUT /task-lists/:list/columns); a removed column's tasks go where the manager says. */
function ColumnsEditor({ board, onDone }: { board: Board; onDone: () => void }) {
  const { t } = useI18n();
  const list = board.list;
  const [cols, setCols] = useState<EditedColumn[]>(() => list.columns.map((c) => ({ key: c.column_id, column_id: c.column_id, name: c.name, done: c.done })));
  const [movedTo, setMovedTo] = useState<Record<string, string>>({});
  const [name, setName] = useState(list.name);
  const cmd = useCommand({ fields: ["columns", "moved_to"] });
  const rename = useCommand({ fields: ["name"] });
  const removed = list.columns.filter((c) => !cols.some((x) => x.column_id === c.column_id));
  const total = (id: string) => board.columns.find((c) => c.column_id === id)?.total ?? 0;
  const kept = cols.filter((c) => c.column_id);
  const swap = (i: number, j: number) =>
    setCols((cs) => {
      const next = [...cs];
      [next[i], next[j]] = [next[j], next[i]];
      return next;
    });
  return (
    <section className="card columns-editor" aria-labelledby="columns-editor">
      <h2 id="columns-editor">{t("tasks.columns.title")}</h2>
      <Form
        label={t("tasks.rename")}
        className="inline"
        error={rename.formError}
        onSubmit={() => void rename.run("PATCH", `/task-lists/${list.list_id}`, { name })}
      >
        <Field label={t("tasks.listName")} value={name} onChange={setName} error={rename.fieldError("name")} />
        <button type="submit" disabled={rename.pending || name === list.name}>
          {t("tasks.rename")}
        </button>
      </Form>
      <Form
        label={t("tasks.columns.title")}
        error={cmd.formError}
        onSubmit={async () => {
          const body: Record<string, unknown> = {
            columns: cols.map((c) => (c.column_id ? { column_id: c.column_id, name: c.name, done: c.done } : { name: c.name, done: c.done })),
          };
          const moves = Object.fromEntries(removed.filter((c) => movedTo[c.column_id]).map((c) => [c.column_id, movedTo[c.column_id]]));
          if (Object.keys(moves).length) body.moved_to = moves;
          if (await cmd.run("PUT", `/task-lists/${list.list_id}/columns`, body)) onDone();
        }}
      >
        <ol className="column-rows">
          {cols.map((c, i) => (
            <li key={c.key}>
              <Field
                label={t("tasks.columns.name", { n: i + 1 })}
                value={c.name}
                onChange={(x) => setCols((cs) => cs.map((y) => (y.key === c.key ? { ...y, name: x } : y)))}
              />
              <label className="check">
                <input type="checkbox" checked={c.done} onChange={(e) => setCols((cs) => cs.map((y) => (y.key === c.key ? { ...y, done: e.target.checked } : y)))} />{" "}
                {t("tasks.column.done")}
              </label>
              <button type="button" className="small" disabled={i === 0} onClick={() => swap(i, i - 1)} aria-label={t("tasks.columns.up", { name: c.name })}>
                ▲
              </button>
              <button type="button" className="small" disabled={i === cols.length - 1} onClick={() => swap(i, i + 1)} aria-label={t("tasks.columns.down", { name: c.name })}>
                ▼
              </button>
              <button type="button" className="small danger" disabled={cols.length <= 1} onClick={() => setCols((cs) => cs.filter((y) => y.key !== c.key))} aria-label={t("tasks.columns.remove", { name: c.name })}>
                {t("remove")}
              </button>
            </li>
          ))}
        </ol>
        {removed
          .filter((c) => total(c.column_id) > 0)
          .map((c) => (
            <SelectField
              key={c.column_id}
              label={t("tasks.columns.movedTo", { name: c.name, n: total(c.column_id) })}
              value={movedTo[c.column_id] ?? ""}
              onChange={(x) => setMovedTo((m) => ({ ...m, [c.column_id]: x }))}
              empty={t("tasks.noneChosen")}
              options={kept.map((k) => ({ value: k.column_id!, label: k.name }))}
              error={cmd.fieldError("moved_to")}
            />
          ))}
        <ErrorMessage error={cmd.fieldError("columns")} />
        <div className="actions">
          <button type="button" onClick={() => setCols((cs) => [...cs, { key: `new-${cs.length}-${Date.now()}`, name: "", done: false }])}>
            {t("tasks.columns.add")}
          </button>
          <button type="submit" className="primary" disabled={cmd.pending}>
            {t("tasks.columns.save")}
          </button>
          <button type="button" onClick={onDone}>
            {t("cancel")}
          </button>
        </div>
      </Form>
    </section>
  );
}
