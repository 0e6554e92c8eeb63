// Reports: choose a type, its parameters, a format and an as-of date; follow
// the job's progress (pushed on report:<job>, polled as a fallback); download
// the file with its manifest; the reports recorded; and verification of a
// file against the log (is this what Cronica generated?). A report's own
// path (/reports/<id>, where its "ready" notification and mail lead) shows
// that report first: its file, its manifest, and a file checked against it.
import { useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { ApiError } from "../api";
import { useApp, useCommand, useDraft, useFollow, useOrgQuery } from "../app_context";
import { usePeople, useProjects } from "../data";
import { useI18n, type Key } from "../i18n";
import { Link } from "../router";
import { ErrorMessage, Field, Form, Loaded, Notice, PageTitle, SelectField } from "../ui";

interface ParamSpec {
  name: string;
  kind: "id" | "month" | "enum";
  required?: boolean;
  values?: string[];
  default?: string;
  help?: string;
  help_ro?: string;
}

interface ReportType {
  name: string;
  title_en: string;
  title_ro: string;
  formats: string[];
  parameters: ParamSpec[];
}

interface Report {
  report_id: string;
  type: string;
  format: string;
  parameters: Record<string, string>;
  as_of: string;
  as_of_position: string;
  effective_position: string;
  effective_time?: string;
  sha256: string;
  size: number;
  file_name: string;
  recorded_at: string;
}

interface Job {
  id: string;
  type: string;
  format: string;
  status: "queued" | "running" | "done" | "failed";
  done: number;
  total: number;
  error?: { code: string; message: string } | null;
  report?: Report | null;
}

interface Verification {
  match: boolean;
  sha256: string;
  report?: Report | null;
  regenerated_sha256?: string;
  reason?: string;
}

export function ReportsScreen({ report }: { report?: string }) {
  const { t } = useI18n();
  const types = useOrgQuery<{ items: ReportType[] }>(["report-types"], "/reports/types");
  const [job, setJob] = useState<string | null>(null);
  return (
    <section>
      <PageTitle>{t("reports.title")}</PageTitle>
      {report && <OneReport key={report} id={report} />}
      <Loaded q={types}>{(ts) => <NewReport types={ts.items} onJob={setJob} />}</Loaded>
      {job && <JobView id={job} />}
      <Recorded />
      <Verify />
    </section>
  );
}

function NewReport({ types, onJob }: { types: ReportType[]; onJob: (id: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  // word is the app's name for a parameter or a value, else the server's.
  const word = (key: string, fallback: string) => {
    const s = t(key as Key);
    return s === key ? fallback : s;
  };
  const people = usePeople();
  const { list: projects } = useProjects();
  const d = useDraft<Record<string, string>>("report.new", { type: types[0]?.name ?? "", format: "", as_of: "" });
  const type = types.find((x) => x.name === d.values.type) ?? types[0];
  const cmd = useCommand({ fields: [...(type?.parameters.map((p) => p.name) ?? []), "as_of", "format"] });
  if (!type) return <Notice>{t("none")}</Notice>;
  const optionsFor = (p: ParamSpec) => {
    if (p.name.startsWith("person")) return people.list.map((x) => ({ value: x.person_id, label: `${x.given_name} ${x.family_name}` }));
    if (p.name.startsWith("project")) return projects.map((x) => ({ value: x.project_id, label: x.acronym }));
    return null;
  };
  return (
    <section className="card" aria-labelledby="new-report">
      <h2 id="new-report">{t("reports.new")}</h2>
      <Form
        label={t("reports.new")}
        error={cmd.formError}
        onSubmit={async () => {
          const parameters: Record<string, string> = { lang: i18n.lang };
          for (const p of type.parameters) if (d.values[`p.${p.name}`]) parameters[p.name] = d.values[`p.${p.name}`];
          const body = {
            type: type.name,
            format: d.values.format || type.formats[0],
            parameters,
            as_of: d.values.as_of ? new Date(d.values.as_of).toISOString() : "",
          };
          const r = await cmd.run<Job>("POST", "/reports", body);
          if (r) onJob(r.id);
        }}
      >
        <div className="row3">
          <SelectField
            label={t("reports.type")}
            value={type.name}
            onChange={(x) => d.setAll({ type: x, format: "", as_of: d.values.as_of })}
            options={types.map((x) => ({ value: x.name, label: i18n.lang === "ro" ? x.title_ro : x.title_en }))}
          />
          <SelectField label={t("reports.format")} value={d.values.format || type.formats[0]} onChange={(x) => d.set("format", x)} options={type.formats.map((f) => ({ value: f, label: f.toUpperCase() }))} />
          <Field label={t("reports.asOf")} type="datetime-local" value={d.values.as_of} onChange={(x) => d.set("as_of", x)} hint={t("reports.asOfHint")} error={cmd.fieldError("as_of")} />
        </div>
        <div className="row3">
          {type.parameters.map((p) => {
            const label = `${word(`reports.param.${p.name}`, p.name)}${p.required ? " *" : ""}`;
            const hint = i18n.lang === "ro" ? p.help_ro : p.help;
            const key = `p.${p.name}`;
            const value = d.values[key] ?? p.default ?? "";
            const opts =
              p.kind === "enum"
                ? (p.values ?? []).map((v) => ({ value: v, label: word(`reports.value.${p.name}.${v}`, v) }))
                : p.kind === "id"
                  ? optionsFor(p)
                  : null;
            if (opts && opts.length) {
              return <SelectField key={p.name} label={label} value={value} onChange={(x) => d.set(key, x)} options={opts} empty="—" error={cmd.fieldError(p.name)} />;
            }
            return (
              <Field
                key={p.name}
                label={label}
                type={p.kind === "month" ? "month" : "text"}
                value={value}
                onChange={(x) => d.set(key, x)}
                hint={hint}
                error={cmd.fieldError(p.name)}
              />
            );
          })}
        </div>
        <button type="submit" className="primary" disabled={cmd.pending}>
          {t("reports.generate")}
        </button>
      </Form>
    </section>
  );
}

function fileURL(orgId: string, report: string) {
  return `/api/v1/orgs/${orgId}/reports/${report}/file`;
}

function JobView({ id }: { id: string }) {
  const { t } = useI18n();
  const { client, orgId } = useApp();
  useFollow([`report:${id}`]);
  const q = useQuery<Job, ApiError>({
    queryKey: ["org", orgId, "report-job", id],
    queryFn: () => client.get<Job>(`/orgs/${orgId}/reports/jobs/${id}`),
    // The pushes on report:<id> refresh it; polling covers a socket that is down.
    refetchInterval: (query) => (query.state.data && (query.state.data.status === "done" || query.state.data.status === "failed") ? false : 1500),
  });
  return (
    <section className="card" aria-labelledby="job" aria-live="polite">
      <h2 id="job">{t("reports.job")}</h2>
      <Loaded q={q}>
        {(j) => (
          <>
            <p>
              {t(`reports.status.${j.status}` as never)}{" "}
              <progress max={j.total || 1} value={j.status === "done" ? j.total || 1 : j.done} aria-label={t("reports.progress")}>
                {j.done}/{j.total}
              </progress>{" "}
              {j.total ? `${j.done}/${j.total}` : ""}
            </p>
            {j.error && (
              <p className="error" role="alert">
                <code className="code">{j.error.code}</code> {j.error.message}
              </p>
            )}
            {j.report && <Manifest report={j.report} orgId={orgId} />}
          </>
        )}
      </Loaded>
    </section>
  );
}

function Manifest({ report, orgId }: { report: Report; orgId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <dl className="facts">
      <dt>{t("reports.file")}</dt>
      <dd>
        <a href={fileURL(orgId, report.report_id)} download={report.file_name}>
          {t("reports.download")} {report.file_name}
        </a>{" "}
        ({i18n.num(report.size)} B)
      </dd>
      <dt>SHA-256</dt>
      <dd>
        <code>{report.sha256}</code>
      </dd>
      <dt>{t("reports.asOf")}</dt>
      <dd>
        {report.as_of || t("reports.now")} · {t("reports.position")} {report.effective_position}
        {report.effective_time ? ` · ${i18n.dateTime(report.effective_time)}` : ""}
      </dd>
      <dt>{t("reports.parameters")}</dt>
      <dd>
        {Object.entries(report.parameters)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")}
      </dd>
    </dl>
  );
}

/** OneReport is a recorded report: its file and manifest, and a file verified against it. */
function OneReport({ id }: { id: string }) {
  const { t } = useI18n();
  const { orgId } = useApp();
  const q = useOrgQuery<Report>(["report", id], `/reports/${encodeURIComponent(id)}`);
  return (
    <section className="card focus" aria-labelledby="one-report">
      <h2 id="one-report">{q.data ? `${t("reports.one")}: ${q.data.file_name}` : t("reports.one")}</h2>
      <Loaded q={q}>
        {(r) => (
          <>
            <Manifest report={r} orgId={orgId} />
            <Verify reportId={r.report_id} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Recorded() {
  const i18n = useI18n();
  const { t } = i18n;
  const { orgId } = useApp();
  const q = useOrgQuery<{ items: Report[] }>(["reports"], "/reports", { limit: 50 });
  return (
    <section className="card" aria-labelledby="recorded">
      <h2 id="recorded">{t("reports.recorded")}</h2>
      <Loaded q={q}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t("none")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("reports.when")}</th>
                    <th scope="col">{t("reports.type")}</th>
                    <th scope="col">{t("reports.parameters")}</th>
                    <th scope="col">SHA-256</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((r) => (
                    <tr key={r.report_id}>
                      <td>
                        <Link to={`/reports/${r.report_id}`}>{i18n.dateTime(r.recorded_at)}</Link>
                      </td>
                      <td>
                        <a href={fileURL(orgId, r.report_id)} download={r.file_name}>
                          {r.file_name}
                        </a>
                      </td>
                      <td>
                        {Object.entries(r.parameters)
                          .map(([k, v]) => `${k}=${v}`)
                          .join(", ")}
                      </td>
                      <td>
                        <code>{r.sha256.slice(0, 16)}…</code>
                      </td>
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

/** Verify checks a file against the log; with reportId, against that report. */
function Verify({ reportId }: { reportId?: string }) {
  const { t } = useI18n();
  const { client, orgId } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <Wrap reportId={reportId}>
      <form
        aria-label={reportId ? t("reports.verifyThis") : t("reports.verify")}
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setPending(true);
          setError(null);
          setResult(null);
          try {
            const query = reportId ? `?report_id=${encodeURIComponent(reportId)}` : "";
            setResult(await client.sendFile<Verification>(`/orgs/${orgId}/reports/verify${query}`, file));
          } catch (err) {
            setError(err as ApiError);
          } finally {
            setPending(false);
          }
        }}
      >
        <div className="field">
          <label htmlFor={`verify-file${reportId ? "-one" : ""}`}>{reportId ? t("reports.verifyThisFile") : t("reports.verifyFile")}</label>
          <input id={`verify-file${reportId ? "-one" : ""}`} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <button type="submit" disabled={!file || pending}>
          {reportId ? t("reports.verifyThis") : t("reports.verify")}
        </button>
      </form>
      <ErrorMessage error={error} />
      {result && (
        <p role="status" className={result.match ? "ok" : "error"}>
          {result.match ? t("reports.match") : reportId ? t("reports.noMatchThis") : t("reports.noMatch")} {result.reason && <code className="code">{result.reason}</code>}{" "}
          <code>{result.sha256}</code>
        </p>
      )}
    </Wrap>
  );
}

/** Wrap is the verification's own card, or nothing inside a report's card. */
function Wrap({ reportId, children }: { reportId?: string; children: ReactNode }) {
  const { t } = useI18n();
  if (reportId) return <div className="verify-one">{children}</div>;
  return (
    <section className="card" aria-labelledby="verify">
      <h2 id="verify">{t("reports.verify")}</h2>
      {children}
    </section>
  );
}
