// A textarea for Markdown with @mention completion from the organisation's
// people: typing "@" and a few letters (diacritics ignored) opens a list of
// matches; arrow keys choose, Enter or Tab inserts @[Name](person:<id>),
// Escape closes. The list is a listbox the textarea points to with
// aria-activedescendant, so a screen reader follows the choice.
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { Person } from "../data";
import { useI18n } from "../i18n";
import { fold } from "../tasks_data";
import { useErrorText } from "../ui";
import type { ApiError } from "../api";

interface Props {
  label: string;
  value: string;
  onChange: (v: string) => void;
  people: Person[];
  error?: ApiError | null;
  hint?: string;
  rows?: number;
  autoFocus?: boolean;
}

/** The "@query" just before the caret, if the caret ends one. */
function pending(text: string, caret: number): { at: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = before.match(/(^|[\s(])@([\p{L}\p{N}.'-]{0,30})$/u);
  if (!m) return null;
  return { at: caret - m[2].length - 1, query: m[2] };
}

export function MentionTextarea({ label, value, onChange, people, error, hint, rows = 4, autoFocus }: Props) {
  const { t } = useI18n();
  const text = useErrorText();
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [at, setAt] = useState<{ at: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    if (!at) return [];
    const q = fold(at.query);
    return people
      .filter((p) => {
        const name = fold(`${p.given_name} ${p.family_name}`);
        return !q || name.split(/\s+/).some((w) => w.startsWith(q)) || name.includes(q);
      })
      .slice(0, 8);
  }, [at, people]);
  const open = at !== null && matches.length > 0;
  // After an insertion the caret goes after the mention, in the same commit as the new text (before any next key).
  const caretAfter = useRef<number | null>(null);
  useLayoutEffect(() => {
    const pos = caretAfter.current;
    if (pos === null || !ref.current) return;
    caretAfter.current = null;
    ref.current.focus();
    ref.current.setSelectionRange(pos, pos);
  }, [value]);
  const look = (el: HTMLTextAreaElement) => {
    const p = pending(el.value, el.selectionStart ?? el.value.length);
    setAt(p);
    setActive(0);
  };
  const choose = (p: Person) => {
    if (!at) return;
    const el = ref.current;
    const caret = el?.selectionStart ?? value.length;
    const token = `@[${p.given_name} ${p.family_name}](person:${p.person_id}) `;
    const next = value.slice(0, at.at) + token + value.slice(caret);
    caretAfter.current = at.at + token.length;
    onChange(next);
    setAt(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => (a + 1) % matches.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => (a - 1 + matches.length) % matches.length);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      choose(matches[active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation(); // the drawer around stays open
      setAt(null);
    }
  };
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field mention-field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        rows={rows}
        value={value}
        autoFocus={autoFocus}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        aria-autocomplete="list"
        aria-controls={open ? `${id}-list` : undefined}
        aria-activedescendant={open ? `${id}-opt-${active}` : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          look(e.target);
        }}
        onKeyDown={onKeyDown}
        onClick={(e) => look(e.currentTarget)}
        onBlur={() => window.setTimeout(() => setAt(null), 150)}
      />
      {open && (
        <ul className="mention-list" role="listbox" id={`${id}-list`} aria-label={t("tasks.mention.list")}>
          {matches.map((p, i) => (
            <li
              key={p.person_id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault(); // keep the focus in the textarea
                choose(p);
              }}
            >
              {p.given_name} {p.family_name}
            </li>
          ))}
        </ul>
      )}
      <span className="sr-only" role="status" aria-live="polite">
        {open ? t("tasks.mention.count", { n: matches.length }) : ""}
      </span>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {text(error)} <code className="code">{error.code}</code>
        </span>
      )}
    </div>
  );
}
