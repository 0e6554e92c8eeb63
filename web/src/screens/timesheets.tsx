// Timesheets: the list (to approve, by month and status) and one person's
// month as a grid of days by activities. Every cell opens its entries; every
// rule the server applied is shown with its code next to the cells and in the
// list of findings; the workflow (submit, approve, reject, lock, reopen) is
// the server's, its refusals shown with their codes.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useQueries } from "@tanstack/react-query";
import { ApiError, type Finding } from "../api";
import { useApp, useCommand, useDraft, useFollow, useOrgQuery } from "../app_context";
import {
  isWeekend,
  monthDays,
  shiftMonth,
  thisMonth,
  useProjects,
  usePeople,
  type CalendarDay,
  type Entry,
  type Page,
  type PersonContracts,
  type ProjectDetail,
  type TimesheetDetail,
  type TimesheetSummary,
} from "../data";
import { useI18n } from "../i18n";
import { Link, useLocation, useNavigate } from "../router";
import { ErrorMessage, Field, Form, Loaded, Notice, PageTitle, SelectField, Status } from "../ui";
import { HistoryLink } from "./history";

/** MyTimesheet opens the caller's current month. */
export function MyTimesheet() {
  const { personId } = useApp();
  const navigate = useNavigate();
  useEffect(() => navigate(`/timesheets/${personId}/${thisMonth()}`, true), [navigate, personId]);
  return null;
}

const statuses = ["draft", "submitted", "approved", "rejected", "locked"];

export function TimesheetsScreen() {
  const { t, month: fmtMonth, hours } = useI18n();
  const { search } = useLocation();
  const navigate = useNavigate();
  const people = usePeople();
  const { list: projects } = useProjects();
  const month = search.get("month") ?? "";
  const status = search.get("status") ?? "";
  const project = search.get("project") ?? "";
  const q = useOrgQuery<Page<TimesheetSummary>>(["timesheets"], "/timesheets", { month, status, project, limit: 200 });
  useFollow((q.data?.items ?? []).slice(0, 50).map((s) => `timesheet:${s.timesheet_id}`));
  const setFilter = (k: string, v: string) => {
    const p = new URLSearchParams(search);
    if (v) p.set(k, v);
    else p.delete(k);
    navigate(`/timesheets${p.toString() ? "?" + p.toString() : ""}`, true);
  };
  return (
    <section>
      <PageTitle>{t("timesheets.title")}</PageTitle>
      <div className="filters" role="search">
        <Field label={t("field.month")} type="month" value={month} onChange={(v) => setFilter("month", v)} />
        <SelectField
          label={t("field.status")}
          value={status}
          onChange={(v) => setFilter("status", v)}
          empty={t("all")}
          options={statuses.map((s) => ({ value: s, label: t(`status.${s}` as never) }))}
        />
        <SelectField
          label={t("field.project")}
          value={project}
          onChange={(v) => setFilter("project", v)}
          empty={t("all")}
          options={projects.map((p) => ({ value: p.project_id, label: p.acronym }))}
        />
      </div>
      <Loaded q={q}>
        {(page) =>
          page.items.length === 0 ? (
            <Notice>{t("timesheets.none")}</Notice>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">{t("timesheets.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("field.person")}</th>
                    <th scope="col">{t("field.month")}</th>
                    <th scope="col">{t("field.status")}</th>
                    <th scope="col" className="num">{t("field.hours")}</th>
                    <th scope="col" className="num">{t("timesheet.warnings")}</th>
                    <th scope="col" className="num">{t("timesheet.reopenings")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((s) => (
                    <tr key={s.timesheet_id}>
                      <td>
                        <Link to={`/timesheets/${s.person_id}/${s.month}`}>{people.name(s.person_id)}</Link>
                      </td>
                      <td>{fmtMonth(s.month)}</td>
                      <td>
                        <Status status={s.status} />
                      </td>
                      <td className="num">{hours(s.total_minutes)}</td>
                      <td className="num">{s.warning_count}</td>
                      <td className="num">{s.reopen_count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

/** A row of the grid: one activity of a project, or the employer's time outside projects. */
interface Row {
  key: string;
  project_id?: string;
  activity_id?: string;
  label: string;
  title: string;
}

const outsideKey = "outside";

function rowKeyOf(e: Entry): string {
  return e.activity_id ?? outsideKey;
}

function lastDay(month: string): string {
  const days = monthDays(month);
  return days[days.length - 1];
}

export function TimesheetScreen({ person, month }: { person: string; month: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const app = useApp();
  const navigate = useNavigate();
  const people = usePeople();
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const sheet = useOrgQuery<TimesheetDetail>(["timesheet", person, month], `/people/${person}/timesheets/${month}`, undefined, valid);
  const contracts = useOrgQuery<PersonContracts>(["person-contracts", person], `/people/${person}/contracts`);
  const calendar = useOrgQuery<{ days: CalendarDay[] }>(["calendar", month.slice(0, 4)], "/calendar", { year: month.slice(0, 4) }, valid);
  const days = useMemo(() => (valid ? monthDays(month) : []), [month, valid]);
  const monthStart = `${month}-01`;
  const monthEnd = valid ? lastDay(month) : monthStart;
  const assignedProjects = useMemo(() => {
    const ids = new Set<string>();
    contracts.data?.assignments.forEach((a) => {
      if (a.start <= monthEnd && (!a.end || a.end >= monthStart)) ids.add(a.project_id);
    });
    sheet.data?.entries.forEach((e) => e.project_id && ids.add(e.project_id));
    return [...ids].sort();
  }, [contracts.data, sheet.data, monthStart, monthEnd]);
  const projectQueries = useQueries({
    queries: assignedProjects.map((id) => ({
      queryKey: ["org", app.orgId, "project", id, null],
      queryFn: () => app.client.get<ProjectDetail>(`/orgs/${app.orgId}/projects/${id}`),
    })),
  });
  useFollow([sheet.data && `timesheet:${sheet.data.timesheet_id}`, ...assignedProjects.map((p) => `project:${p}`)]);

  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    const seen = new Set<string>();
    const assignments = contracts.data?.assignments ?? [];
    for (const q of projectQueries) {
      const p = q.data;
      if (!p) continue;
      const mine = assignments.filter((a) => a.project_id === p.project_id && a.start <= monthEnd && (!a.end || a.end >= monthStart));
      const all = mine.some((a) => a.activity_ids.length === 0);
      const allowed = new Set(mine.flatMap((a) => a.activity_ids));
      for (const wp of p.work_packages) {
        for (const a of wp.activities) {
          if (!all && !allowed.has(a.activity_id)) continue;
          seen.add(a.activity_id);
          out.push({
            key: a.activity_id,
            project_id: p.project_id,
            activity_id: a.activity_id,
            label: `${p.acronym} ${wp.code} ${a.code}`,
            title: a.title,
          });
        }
      }
    }
    for (const e of sheet.data?.entries ?? []) {
      if (!e.activity_id || seen.has(e.activity_id)) continue;
      seen.add(e.activity_id);
      out.push({
        key: e.activity_id,
        project_id: e.project_id,
        activity_id: e.activity_id,
        label: `${e.project_acronym ?? ""} ${e.work_package_code ?? ""} ${e.activity_code ?? ""}`.trim(),
        title: e.activity_title ?? "",
      });
    }
    out.push({ key: outsideKey, label: t("timesheet.outside"), title: t("timesheet.outsideTitle") });
    return out;
  }, [projectQueries, sheet.data, contracts.data, monthStart, monthEnd, t]);

  const [selected, setSelected] = useState<{ row: string; date: string } | null>(null);
  const gridRef = useRef<HTMLTableElement>(null);
  const focusCell = (r: number, c: number) => {
    const el = gridRef.current?.querySelector<HTMLButtonElement>(`button[data-r="${r}"][data-c="${c}"]`);
    el?.focus();
  };

  if (!valid) return <p className="error" role="alert">{t("error.badMonth")}</p>;

  const holidays = new Map((calendar.data?.days ?? []).map((d) => [d.date, d]));
  // The month's leave comes with the month, so an approver who may not
  // read the person's leave list still sees why a day is off.
  const leaveByDay = new Map<string, { kind: string }>();
  for (const l of sheet.data?.leave ?? []) {
    for (const d of days) if (d >= l.start && d <= l.end) leaveByDay.set(d, l);
  }
  const entries = sheet.data?.entries ?? [];
  const cell = (rowKey: string, date: string) => entries.filter((e) => e.date === date && rowKeyOf(e) === rowKey);
  const findingsAt = (rowKey: string, date: string): Finding[] => {
    const ids = new Set(cell(rowKey, date).map((e) => e.entry_id));
    return (sheet.data?.warnings ?? []).filter((f) => (f.entry_id ? ids.has(f.entry_id) : false) || (!f.entry_id && f.date === date && rowKey === rows[0]?.key));
  };
  const dayFindings = (date: string) => (sheet.data?.warnings ?? []).filter((f) => f.date === date);
  const own = person === app.personId;
  const title = own ? t("timesheet.mine") : t("timesheet.of", { name: people.name(person) });

  const onKey = (e: KeyboardEvent<HTMLButtonElement>, r: number, c: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowRight: [r, c + 1],
      ArrowLeft: [r, c - 1],
      ArrowDown: [r + 1, c],
      ArrowUp: [r - 1, c],
      Home: [r, 0],
      End: [r, days.length - 1],
    };
    const to = moves[e.key];
    if (!to) return;
    e.preventDefault();
    const [nr, nc] = to;
    if (nr >= 0 && nr < rows.length && nc >= 0 && nc < days.length) focusCell(nr, nc);
  };

  return (
    <section className="timesheet">
      <PageTitle
        sub={
          <nav className="month-nav" aria-label={t("timesheet.monthNav")}>
            <Link to={`/timesheets/${person}/${shiftMonth(month, -1)}`} rel="prev">
              ← {i18n.month(shiftMonth(month, -1))}
            </Link>
            <strong aria-current="date">{i18n.month(month)}</strong>
            <Link to={`/timesheets/${person}/${shiftMonth(month, 1)}`} rel="next">
              {i18n.month(shiftMonth(month, 1))} →
            </Link>
            {people.list.length > 0 && (
              <SelectField
                label={t("field.person")}
                value={person}
                onChange={(v) => v && navigate(`/timesheets/${v}/${month}`)}
                options={people.list.map((p) => ({ value: p.person_id, label: `${p.given_name} ${p.family_name}` }))}
              />
            )}
          </nav>
        }
      >
        {title}
      </PageTitle>
      <Loaded q={sheet}>
        {(ts) => (
          <>
            <div className="sheet-head">
              <Status status={ts.status} />
              <span>
                {t("timesheet.total")}: <strong>{i18n.hours(ts.total_minutes)} h</strong>
              </span>
              <ul className="legend" aria-label={t("timesheet.legend")}>
                <li className="weekend">{t("timesheet.weekend")}</li>
                <li className="holiday">{t("timesheet.holiday")}</li>
                <li className="leave">{t("timesheet.leave")}</li>
                <li className="has-warning">{t("timesheet.warning")}</li>
              </ul>
              {/* A month nothing was recorded on (version -1) has no history yet. */}
              {ts.version >= 0 && <HistoryLink stream={`timesheet-${ts.timesheet_id}`} label={t("history.ofTimesheet")} />}
            </div>
            {/* Without contracts.read (an approver), the rows are the entries' activities. */}
            {contracts.isError && contracts.error.status !== 403 && <ErrorMessage error={contracts.error} />}
            <div className="grid-wrap">
              <table className="grid" ref={gridRef} aria-label={t("timesheet.gridLabel", { month: i18n.month(month) })}>
                <thead>
                  <tr>
                    <th scope="col" className="row-head">{t("field.activity")}</th>
                    {days.map((d) => {
                      const h = holidays.get(d);
                      const l = leaveByDay.get(d);
                      const cls = [isWeekend(d) ? "weekend" : "", h ? "holiday" : "", l ? "leave" : ""].join(" ");
                      const note = [h ? (i18n.lang === "ro" ? h.name_ro : h.name) : "", l ? t(`leave.${l.kind}` as never) : ""]
                        .filter(Boolean)
                        .join(", ");
                      return (
                        <th key={d} scope="col" className={`day ${cls}`} title={note || undefined} abbr={i18n.date(d)}>
                          <span className="dnum">{Number(d.slice(8))}</span>
                          <span className="wd">{i18n.weekday(d)}</span>
                          {note && <span className="sr-only">{note}</span>}
                          {l && <span className="leave-mark" aria-hidden="true">{t("timesheet.leaveShort")}</span>}
                        </th>
                      );
                    })}
                    <th scope="col" className="num">{t("timesheet.total")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, r) => {
                    const rowMinutes = entries.filter((e) => rowKeyOf(e) === row.key).reduce((s, e) => s + e.minutes, 0);
                    return (
                      <tr key={row.key}>
                        <th scope="row" className="row-head" title={row.title}>
                          <span className="act-label">{row.label}</span>
                          <span className="act-title">{row.title}</span>
                        </th>
                        {days.map((d, c) => {
                          const es = cell(row.key, d);
                          const minutes = es.reduce((s, e) => s + e.minutes, 0);
                          const fs = findingsAt(row.key, d);
                          const isSel = selected?.row === row.key && selected.date === d;
                          const cls = [
                            isWeekend(d) ? "weekend" : "",
                            holidays.has(d) ? "holiday" : "",
                            leaveByDay.has(d) ? "leave" : "",
                            fs.some((f) => f.severity === "error") ? "has-error" : fs.length ? "has-warning" : "",
                            isSel ? "selected" : "",
                          ].join(" ");
                          return (
                            <td key={d} className={cls}>
                              <button
                                type="button"
                                data-r={r}
                                data-c={c}
                                tabIndex={(selected ? isSel : r === 0 && c === 0) ? 0 : -1}
                                aria-label={`${row.label}, ${i18n.date(d)}: ${minutes ? i18n.hours(minutes) + " h" : t("timesheet.empty")}${
                                  fs.length ? ", " + fs.map((f) => f.code).join(", ") : ""
                                }`}
                                aria-pressed={isSel}
                                onKeyDown={(e) => onKey(e, r, c)}
                                onClick={() => setSelected({ row: row.key, date: d })}
                              >
                                {minutes ? i18n.hours(minutes) : ""}
                                {fs.length > 0 && <span className="mark" aria-hidden="true">!</span>}
                              </button>
                            </td>
                          );
                        })}
                        <td className="num total">{rowMinutes ? i18n.hours(rowMinutes) : ""}</td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" className="row-head">{t("timesheet.total")}</th>
                    {days.map((d) => {
                      const m = ts.days.find((x) => x.date === d)?.minutes ?? 0;
                      return (
                        <td key={d} className={`num ${dayFindings(d).length ? "has-warning" : ""}`}>
                          {m ? i18n.hours(m) : ""}
                        </td>
                      );
                    })}
                    <td className="num total">{i18n.hours(ts.total_minutes)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
            {selected && (
              <CellEditor
                key={`${selected.row}|${selected.date}`}
                sheet={ts}
                person={person}
                row={rows.find((x) => x.key === selected.row) ?? rows[rows.length - 1]}
                date={selected.date}
                entries={cell(selected.row, selected.date)}
                findings={dayFindings(selected.date)}
                special={[
                  isWeekend(selected.date) ? t("timesheet.weekend") : "",
                  holidays.get(selected.date) ? (i18n.lang === "ro" ? holidays.get(selected.date)!.name_ro : holidays.get(selected.date)!.name) : "",
                  leaveByDay.get(selected.date) ? t(`leave.${leaveByDay.get(selected.date)!.kind}` as never) : "",
                ].filter(Boolean)}
                onClose={() => {
                  const r = rows.findIndex((x) => x.key === selected.row);
                  const c = days.indexOf(selected.date);
                  setSelected(null);
                  window.setTimeout(() => focusCell(Math.max(r, 0), Math.max(c, 0)), 0);
                }}
              />
            )}
            <Findings sheet={ts} onPick={(f) => {
              const e = ts.entries.find((x) => x.entry_id === f.entry_id);
              if (e) setSelected({ row: rowKeyOf(e), date: e.date });
              else if (f.date) setSelected({ row: rows[0].key, date: f.date });
            }} />
            <Workflow sheet={ts} person={person} own={own} />
            <Signatures sheet={ts} name={people.name} />
          </>
        )}
      </Loaded>
    </section>
  );
}

/** fieldOfEntryError places a rule's refusal next to the field it is about. */
function fieldOfEntryError(e: ApiError): string | undefined {
  if (e.code.endsWith("_REASON_REQUIRED")) return "reason";
  if (["TIME_HOURS_INVALID", "TIME_HOURS_MISMATCH", "TIME_DAILY_CAP", "TIME_WEEKLY_CAP"].includes(e.code)) return "hours";
  if (["TIME_CLOCK_INVALID", "TIME_END_BEFORE_START", "TIME_OVERLAP"].includes(e.code)) return "start";
  if (e.field === "break_minutes") return "break_minutes";
  return undefined;
}

function CellEditor({
  sheet,
  person,
  row,
  date,
  entries,
  findings,
  special,
  onClose,
}: {
  sheet: TimesheetDetail;
  person: string;
  row: Row;
  date: string;
  entries: Entry[];
  findings: Finding[];
  special: string[];
  onClose: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [editing, setEditing] = useState<Entry | null>(null);
  const editable = sheet.status === "draft" || sheet.status === "rejected";
  const headingRef = useRef<HTMLHeadingElement>(null);
  const boxRef = useRef<HTMLElement>(null);
  useEffect(() => {
    // The first thing to type, else the heading: a keyboard user goes on from the cell they opened.
    const first = boxRef.current?.querySelector<HTMLInputElement>("form input:not([type=radio])");
    (first ?? headingRef.current)?.focus();
  }, []);
  return (
    <section
      ref={boxRef}
      className="cell-editor card"
      aria-labelledby="cell-editor-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <h2 id="cell-editor-title" tabIndex={-1} ref={headingRef}>
        {row.label} · {i18n.date(date)} ({i18n.weekday(date)})
      </h2>
      <p className="act-title">{row.title}</p>
      {special.length > 0 && <p className="special">{special.join(" · ")}</p>}
      {findings.length > 0 && (
        <ul className="findings compact">
          {findings.map((f, i) => (
            <li key={i} className={f.severity}>
              <code className="code">{f.code}</code> {i18n.lang === "ro" ? f.message_ro : f.message}
            </li>
          ))}
        </ul>
      )}
      {entries.length > 0 && (
        <ul className="entries">
          {entries.map((e) => (
            <EntryItem key={e.entry_id} e={e} person={person} month={sheet.month} editable={editable} onEdit={() => setEditing(e)} />
          ))}
        </ul>
      )}
      {editable ? (
        <EntryForm
          key={editing?.entry_id ?? "new"}
          person={person}
          month={sheet.month}
          row={row}
          date={date}
          entry={editing}
          onDone={() => setEditing(null)}
        />
      ) : (
        <Notice>{t("timesheet.notEditable")}</Notice>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t("close")}
        </button>
      </div>
    </section>
  );
}

function EntryItem({ e, person, month, editable, onEdit }: { e: Entry; person: string; month: string; editable: boolean; onEdit: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const del = useCommand();
  return (
    <li>
      <strong>{i18n.hours(e.minutes)} h</strong>
      {e.start && e.end && (
        <span>
          {" "}
          ({e.start}–{e.end}
          {e.break_minutes ? `, ${t("field.break")} ${e.break_minutes} min` : ""})
        </span>
      )}
      {e.description && <span> · {e.description}</span>}
      {e.reason && (
        <span>
          {" "}
          · {t("field.reason")}: {e.reason}
        </span>
      )}
      {editable && (
        <span className="row-actions">
          <button type="button" onClick={onEdit}>
            {t("edit")}
          </button>
          <button
            type="button"
            className="danger"
            disabled={del.pending}
            onClick={() => void del.run("DELETE", `/people/${person}/timesheets/${month}/entries/${e.entry_id}`)}
          >
            {t("delete")}
          </button>
        </span>
      )}
      <ErrorMessage error={del.error} />
    </li>
  );
}

function EntryForm({
  person,
  month,
  row,
  date,
  entry,
  onDone,
}: {
  person: string;
  month: string;
  row: Row;
  date: string;
  entry: Entry | null;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const initial = {
    mode: entry?.start ? "clock" : "hours",
    hours: entry && !entry.start ? String(entry.minutes / 60).replace(".", ",") : "",
    start: entry?.start ?? "",
    end: entry?.end ?? "",
    break_minutes: entry?.break_minutes ? String(entry.break_minutes) : "",
    description: entry?.description ?? "",
    reason: entry?.reason ?? "",
  };
  const draft = useDraft(`entry.${person}.${date}.${row.key}.${entry?.entry_id ?? "new"}`, initial);
  const cmd = useCommand({ fields: ["hours", "start", "end", "break_minutes", "description", "reason"], fieldOf: fieldOfEntryError });
  const [local, setLocal] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const v = draft.values;
  const submit = async () => {
    setLocal(null);
    setSaved(null);
    const body: Record<string, unknown> = { date };
    if (row.project_id) {
      body.project_id = row.project_id;
      body.activity_id = row.activity_id;
    }
    if (v.mode === "hours") {
      const n = Number(v.hours.replace(",", ".").trim());
      if (!v.hours.trim() || !Number.isFinite(n)) {
        setLocal(new ApiError(0, "hours_not_a_number", t("timesheet.hoursNumber")));
        return;
      }
      body.hours = n;
    } else {
      body.start = v.start;
      body.end = v.end;
      if (v.break_minutes) body.break_minutes = Number(v.break_minutes);
    }
    if (v.description) body.description = v.description;
    if (v.reason) body.reason = v.reason;
    const base = `/people/${person}/timesheets/${month}/entries`;
    const r = entry ? await cmd.run("PUT", `${base}/${entry.entry_id}`, body) : await cmd.run("POST", base, body);
    if (r) {
      draft.reset(entry ? initial : { ...initial, hours: "", start: "", end: "", description: "", reason: "" });
      setSaved(r.warnings && r.warnings.length ? t("timesheet.savedWithWarnings", { n: r.warnings.length }) : t("saved"));
      onDone();
    }
  };
  return (
    <Form onSubmit={() => void submit()} error={cmd.formError} label={entry ? t("timesheet.editEntry") : t("timesheet.newEntry")} className="entry-form">
      <fieldset className="mode">
        <legend>{entry ? t("timesheet.editEntry") : t("timesheet.newEntry")}</legend>
        <label>
          <input type="radio" name="mode" checked={v.mode === "hours"} onChange={() => draft.set("mode", "hours")} /> {t("timesheet.byHours")}
        </label>
        <label>
          <input type="radio" name="mode" checked={v.mode === "clock"} onChange={() => draft.set("mode", "clock")} /> {t("timesheet.byClock")}
        </label>
      </fieldset>
      {v.mode === "hours" ? (
        <Field
          label={t("field.hours")}
          inputMode="decimal"
          value={v.hours}
          onChange={(x) => draft.set("hours", x)}
          error={local ?? cmd.fieldError("hours")}
          hint={t("hint.hours")}
        />
      ) : (
        <div className="row3">
          <Field label={t("field.start")} type="time" value={v.start} onChange={(x) => draft.set("start", x)} error={cmd.fieldError("start")} />
          <Field label={t("field.end")} type="time" value={v.end} onChange={(x) => draft.set("end", x)} error={cmd.fieldError("end")} />
          <Field
            label={t("field.breakMinutes")}
            inputMode="numeric"
            value={v.break_minutes}
            onChange={(x) => draft.set("break_minutes", x)}
            error={cmd.fieldError("break_minutes")}
          />
        </div>
      )}
      <Field label={t("field.description")} value={v.description} onChange={(x) => draft.set("description", x)} error={cmd.fieldError("description")} />
      <Field
        label={t("field.reason")}
        value={v.reason}
        onChange={(x) => draft.set("reason", x)}
        error={cmd.fieldError("reason")}
        hint={t("hint.reason")}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={cmd.pending}>
          {entry ? t("save") : t("timesheet.add")}
        </button>
        {entry && (
          <button type="button" onClick={onDone}>
            {t("cancel")}
          </button>
        )}
        {saved && <span role="status">{saved}</span>}
      </div>
    </Form>
  );
}

function Findings({ sheet, onPick }: { sheet: TimesheetDetail; onPick: (f: Finding) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section className="card" aria-labelledby="findings-title">
      <h2 id="findings-title">
        {t("timesheet.warnings")} ({sheet.warnings.length})
      </h2>
      {sheet.warnings.length === 0 ? (
        <p>{t("timesheet.noWarnings")}</p>
      ) : (
        <ul className="findings">
          {sheet.warnings.map((f, i) => (
            <li key={i} className={f.severity}>
              <button type="button" className="link" onClick={() => onPick(f)}>
                {f.date ? i18n.date(f.date) : t("timesheet.month")}
              </button>{" "}
              <code className="code">{f.code}</code> <span className="sev">{t(`severity.${f.severity}` as never)}</span>:{" "}
              {i18n.lang === "ro" ? f.message_ro : f.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Workflow({ sheet, person, own }: { sheet: TimesheetDetail; person: string; own: boolean }) {
  const { t } = useI18n();
  const draft = useDraft(`workflow.${person}.${sheet.month}`, { comment: "", reason: "" });
  const cmd = useCommand({ fields: ["reason", "comment"] });
  const [done, setDone] = useState<string | null>(null);
  const base = `/people/${person}/timesheets/${sheet.month}`;
  const act = async (action: string, body?: unknown) => {
    setDone(null);
    const r = await cmd.run("POST", `${base}/${action}`, body);
    if (r) {
      draft.reset();
      setDone(t(`workflow.done.${action}` as never));
    }
  };
  const s = sheet.status;
  return (
    <section className="card workflow" aria-labelledby="workflow-title">
      <h2 id="workflow-title">{t("workflow.title")}</h2>
      <ErrorMessage error={cmd.formError} />
      {(s === "draft" || s === "rejected") && own && (
        <div className="actions">
          <button type="button" className="primary" disabled={cmd.pending} onClick={() => void act("submit")}>
            {t("workflow.submit")}
          </button>
        </div>
      )}
      {(s === "draft" || s === "rejected") && !own && <p>{t("workflow.waitingForPerson")}</p>}
      {s === "submitted" && (
        <>
          <Field label={t("field.comment")} value={draft.values.comment} onChange={(x) => draft.set("comment", x)} error={cmd.fieldError("comment")} />
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={cmd.pending}
              onClick={() => void act("approve", draft.values.comment ? { comment: draft.values.comment } : {})}
            >
              {t("workflow.approve")}
            </button>
          </div>
        </>
      )}
      {s === "approved" && (
        <div className="actions">
          <button type="button" className="primary" disabled={cmd.pending} onClick={() => void act("lock")}>
            {t("workflow.lock")}
          </button>
        </div>
      )}
      {(s === "submitted" || s === "approved" || s === "locked") && (
        <>
          <Field
            label={t("field.reason")}
            value={draft.values.reason}
            onChange={(x) => draft.set("reason", x)}
            error={cmd.fieldError("reason")}
            hint={t("workflow.reasonHint")}
          />
          <div className="actions">
            {s === "submitted" && (
              <button type="button" className="danger" disabled={cmd.pending} onClick={() => void act("reject", { reason: draft.values.reason })}>
                {t("workflow.reject")}
              </button>
            )}
            <button type="button" disabled={cmd.pending} onClick={() => void act("reopen", { reason: draft.values.reason })}>
              {t("workflow.reopen")}
            </button>
          </div>
        </>
      )}
      {done && <p role="status" className="ok">{done}</p>}
    </section>
  );
}

function Signatures({ sheet, name }: { sheet: TimesheetDetail; name: (id?: string) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const sigs = (["submitted", "approved", "rejected", "locked"] as const).filter((k) => sheet.signatures[k]);
  if (sigs.length === 0 && sheet.reopenings.length === 0) return null;
  return (
    <section className="card" aria-labelledby="signatures-title">
      <h2 id="signatures-title">{t("timesheet.signatures")}</h2>
      <ul>
        {sigs.map((k) => {
          const s = sheet.signatures[k]!;
          return (
            <li key={k}>
              <Status status={k} /> {name(s.person_id)} · {i18n.dateTime(s.at)}
              {s.as ? ` · ${s.as}` : ""}
            </li>
          );
        })}
      </ul>
      {sheet.reopenings.length > 0 && (
        <>
          <h3>{t("timesheet.reopenings")}</h3>
          <ul>
            {sheet.reopenings.map((r, i) => (
              <li key={i}>
                {i18n.dateTime(r.signature.at)} · {name(r.signature.person_id)} · {t("workflow.from")} <Status status={r.from} />: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
