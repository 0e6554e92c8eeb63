// The dialog of a 409 task_conflict: someone changed the same field of the
// task after the version this user edited from. It shows, field by field,
// what the user wanted beside what the task says now (the answer's
// details.current), and lets them keep theirs (sent again from the current
// version) or take the current one. A modal dialog: the focus goes to it,
// stays in it (Tab wraps), and Escape closes it keeping what was typed; the
// page behind is inert while it is open.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { createPortal } from "react-dom";
import type { ApiError } from "../api";
import { useI18n } from "../i18n";
import type { TaskView } from "../tasks_data";

export interface ConflictRow {
  field: string;
  label: string;
  mine: ReactNode;
  theirs: ReactNode;
}

/**
 * conflictOf reads a 409 task_conflict: the fields, the task's version now
 * (details.version, else current's) and the task as it is now (current: the
 * task as the read API shows it; a field it lacks is shown as unknown).
 */
export function conflictOf(e: ApiError | null): { fields: string[]; version: number; current: Partial<TaskView> } | null {
  if (!e || e.status !== 409 || e.code !== "task_conflict") return null;
  const fields = Array.isArray(e.details["fields"]) ? (e.details["fields"] as unknown[]).filter((f): f is string => typeof f === "string") : [];
  const raw = e.details["current"];
  const current = (raw && typeof raw === "object" ? raw : {}) as Partial<TaskView>;
  const version = typeof e.details["version"] === "number" ? (e.details["version"] as number) : current.version;
  if (typeof version !== "number") return null;
  return { fields, version, current };
}

export function ConflictDialog({
  message,
  rows,
  pending,
  error,
  onKeepMine,
  onTakeTheirs,
  onCancel,
}: {
  message: string;
  rows: ConflictRow[];
  pending: boolean;
  error?: ReactNode;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const back = useRef<Element | null>(null);
  useEffect(() => {
    back.current = document.activeElement;
    const app = document.getElementById("root");
    app?.setAttribute("inert", "");
    box.current?.querySelector<HTMLElement>("h2")?.focus();
    return () => {
      app?.removeAttribute("inert");
      const el = back.current;
      if (el instanceof HTMLElement && el.isConnected) el.focus();
    };
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key !== "Tab") return;
    const focusable = [...(box.current?.querySelectorAll<HTMLElement>("button:not([disabled]), [href], [tabindex]:not([tabindex='-1'])") ?? [])];
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && (document.activeElement === first || !box.current?.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  // Above everything (the drawer too): rendered at the end of the document, its events still bubble through React's tree.
  return createPortal(
    <div className="modal-backdrop">
      <div
        className="modal conflict"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        ref={box}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`} tabIndex={-1}>
          {t("tasks.conflict.title")}
        </h2>
        <p id={`${id}-desc`}>
          {t("tasks.conflict.intro")} <span className="muted">{message}</span> <code className="code">task_conflict</code>
        </p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("tasks.conflict.field")}</th>
                <th scope="col">{t("tasks.conflict.mine")}</th>
                <th scope="col">{t("tasks.conflict.theirs")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.field} data-field={r.field}>
                  <th scope="row">{r.label}</th>
                  <td className="conflict-mine">{r.mine}</td>
                  <td className="conflict-theirs">{r.theirs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {error}
        <div className="actions">
          <button type="button" className="primary" disabled={pending} onClick={onKeepMine}>
            {t("tasks.conflict.keepMine")}
          </button>
          <button type="button" disabled={pending} onClick={onTakeTheirs}>
            {t("tasks.conflict.takeTheirs")}
          </button>
          <button type="button" className="link" disabled={pending} onClick={onCancel}>
            {t("tasks.conflict.later")}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
