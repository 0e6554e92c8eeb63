// Shared pieces of every screen: labelled fields with the server's message
// beside them, error and loading states, page titles that take the focus on
// navigation (screen readers hear the new page), tables.
import { useEffect, useId, useRef, type ReactNode, type InputHTMLAttributes, type SelectHTMLAttributes } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ApiError } from "./api";
import { useI18n } from "./i18n";

/** errorText is what the user reads for an error: the server's message, or ours when it sent none. */
export function useErrorText() {
  const { t } = useI18n();
  return (e: ApiError) => {
    if (e.code === "network") return t("error.network");
    if (e.status === 404) return e.message || t("error.notFound");
    return e.message || t("error.unknown");
  };
}

export function ErrorMessage({ error, id }: { error: ApiError | null | undefined; id?: string }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <p className="error" role="alert" id={id}>
      {text(error)} <code className="code">{error.code}</code>
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

type FieldProps = {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: ApiError | null;
  hint?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">;

/** Field is an input with its label, a hint and the server's error next to it. */
export function Field({ label, value, onChange, error, hint, ...rest }: FieldProps) {
  const id = useId();
  const text = useErrorText();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
      />
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

type SelectProps = {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  error?: ApiError | null;
  empty?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange">;

export function SelectField({ label, value, onChange, options, error, empty, ...rest }: SelectProps) {
  const id = useId();
  const text = useErrorText();
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...rest}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {text(error)} <code className="code">{error.code}</code>
        </span>
      )}
    </div>
  );
}

/** Loaded shows a query's data, or its loading state or error. */
export function Loaded<T>({ q, children }: { q: UseQueryResult<T, ApiError>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (q.isPending) return <p className="loading" role="status">{t("loading")}</p>;
  if (q.isError) return <ErrorMessage error={q.error} />;
  return <>{children(q.data)}</>;
}

/** PageTitle is the screen's h1 and the document's title; it takes the focus when the screen opens. */
export function PageTitle({ children, sub }: { children: string; sub?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Cronica`;
    ref.current?.focus({ preventScroll: true });
  }, [children]);
  return (
    <header className="page-title">
      <h1 tabIndex={-1} ref={ref}>
        {children}
      </h1>
      {sub && <div className="sub">{sub}</div>}
    </header>
  );
}

export function Status({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`status status-${status}`}>{t(`status.${status}` as never)}</span>;
}

/** Form wraps a command's fields: submit on Enter, the error that names no field on top. */
export function Form({
  onSubmit,
  children,
  error,
  label,
  className,
}: {
  onSubmit: () => void;
  children: ReactNode;
  error?: ApiError | null;
  label: string;
  className?: string;
}) {
  return (
    <form
      className={`form ${className ?? ""}`}
      aria-label={label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <ErrorMessage error={error} />
      {children}
    </form>
  );
}

export function shortId(id: string | undefined): string {
  return id ? id.slice(0, 8) : "—";
}
