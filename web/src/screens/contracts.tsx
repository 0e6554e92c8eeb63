// Work contracts: the organisation's list; one person's contracts with every
// version of their terms, the forms that record a contract, an amendment or
// an end; their assignments to projects; their leave.
import { useApp, useCommand, useDraft, useFollow, useOrgQuery } from "../app_context";
import { usePeople, useProjects, type Contract, type Leave, type Page, type PersonContracts, type Terms } from "../data";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { ErrorMessage, Field, Form, Loaded, Notice, PageTitle, SelectField } from "../ui";
import { HistoryLink } from "./history";

const contractTypes = ["full_time", "part_time", "civil"];
const leaveKinds = ["annual", "sick", "parental", "unpaid", "bridge", "other"];

export function ContractsScreen() {
  const { t, date } = useI18n();
  const people = usePeople();
  const { orgId } = useApp();
  const q = useOrgQuery<Page<Contract>>(["contracts"], "/contracts", { limit: 500 });
  useFollow([`org:${orgId}`]);
  return (
    <section>
      <PageTitle sub={<Link to="/leave">{t("leave.title")}</Link>}>{t("contracts.title")}</PageTitle>
      <Loaded q={q}>
        {(page) =>
          page.items.length === 0 ? (
            <Notice>{t("contracts.none")}</Notice>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("field.person")}</th>
                    <th scope="col">{t("field.number")}</th>
                    <th scope="col">{t("field.type")}</th>
                    <th scope="col">{t("field.position")}</th>
                    <th scope="col">{t("field.period")}</th>
                    <th scope="col" className="num">{t("field.norm")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => (
                    <tr key={c.contract_id}>
                      <td>
                        <Link to={`/people/${c.person_id}/contracts`}>{people.name(c.person_id)}</Link>
                      </td>
                      <td>{c.number}</td>
                      <td>{t(`contract.${c.type}` as never)}</td>
                      <td>{c.terms.position}</td>
                      <td>
                        {date(c.start)} – {c.end ? date(c.end) : t("contracts.indefinite")}
                      </td>
                      <td className="num">{c.terms.daily_norm_minutes ? `${c.terms.daily_norm_minutes / 60} h` : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {people.list.length > 0 && (
        <section className="card">
          <h2>{t("contracts.byPerson")}</h2>
          <ul className="columns">
            {people.list.map((p) => (
              <li key={p.person_id}>
                <Link to={`/people/${p.person_id}/contracts`}>
                  {p.given_name} {p.family_name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function TermsView({ terms }: { terms: Terms }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      {i18n.date(terms.effective_from)}: {terms.position} (COR {terms.cor_code}) · {t("field.factor")} {i18n.num(terms.working_time_factor)}
      {terms.daily_norm_minutes ? ` · ${i18n.hours(terms.daily_norm_minutes)} h/${t("project.day")}` : ""}
      {terms.gross_monthly_cents !== undefined ? ` · ${i18n.money((terms.gross_monthly_cents / 100).toFixed(2), terms.currency)}/${t("contracts.month")}` : ""}
      {terms.hourly_cost_cents !== undefined ? ` · ${i18n.money((terms.hourly_cost_cents / 100).toFixed(2), terms.currency)}/h` : ""}
    </>
  );
}

export function PersonContractsScreen({ person }: { person: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const people = usePeople();
  const { list: projects } = useProjects();
  const q = useOrgQuery<PersonContracts>(["person-contracts", person], `/people/${person}/contracts`);
  const leave = useOrgQuery<Page<Leave>>(["leave", person], "/leave", { person, limit: 200 });
  const { orgId } = useApp();
  useFollow([`org:${orgId}`, ...(q.data?.assignments ?? []).map((a) => `project:${a.project_id}`)]);
  const projectName = (id: string) => projects.find((p) => p.project_id === id)?.acronym ?? id.slice(0, 8);
  return (
    <section>
      <PageTitle
        sub={
          <p>
            <HistoryLink stream={`employment-${person}`} label={t("history.ofEmployment")} />
            {" · "}
            <HistoryLink stream={`person-${person}`} label={t("history.ofPerson")} />
          </p>
        }
      >
        {t("contracts.of", { name: people.name(person) })}
      </PageTitle>
      <Loaded q={q}>
        {(pc) => (
          <>
            {pc.contracts.length === 0 && <Notice>{t("contracts.none")}</Notice>}
            {pc.contracts.map((c) => (
              <section key={c.contract_id} className="card" aria-label={c.number}>
                <h2>
                  {c.number} · {t(`contract.${c.type}` as never)}
                </h2>
                <p>
                  {i18n.date(c.start)} – {c.end ? i18n.date(c.end) : t("contracts.indefinite")}
                  {c.terms.supervisor_id && ` · ${t("field.supervisor")}: ${people.name(c.terms.supervisor_id)}`}
                </p>
                <h3>{t("contracts.terms")}</h3>
                <ol className="history">
                  {c.terms_history.map((h, i) => (
                    <li key={i}>
                      <TermsView terms={h} />
                    </li>
                  ))}
                </ol>
                <Amend person={person} contract={c} />
                {!c.end && <EndContract person={person} contract={c.contract_id} />}
              </section>
            ))}
            <NewContract person={person} people={people.list.map((p) => ({ value: p.person_id, label: `${p.given_name} ${p.family_name}` }))} />
            <section className="card" aria-labelledby="assignments">
              <h2 id="assignments">{t("contracts.assignments")}</h2>
              {pc.assignments.length === 0 && <p>{t("none")}</p>}
              <ul>
                {pc.assignments.map((a) => (
                  <li key={a.assignment_id}>
                    <Link to={`/projects/${a.project_id}`}>{projectName(a.project_id)}</Link> · {a.role}
                    {a.category ? ` (${a.category})` : ""} · {i18n.date(a.start)} – {a.end ? i18n.date(a.end) : "…"} ·{" "}
                    {a.activity_ids.length ? t("contracts.activities", { n: a.activity_ids.length }) : t("contracts.allActivities")}
                  </li>
                ))}
              </ul>
              {pc.contracts.length > 0 && (
                <Assign
                  person={person}
                  contracts={pc.contracts.map((c) => ({ value: c.contract_id, label: c.number }))}
                  projects={projects.map((p) => ({ value: p.project_id, label: p.acronym }))}
                />
              )}
            </section>
          </>
        )}
      </Loaded>
      <section className="card" aria-labelledby="leave">
        <h2 id="leave">{t("leave.title")}</h2>
        <Loaded q={leave}>
          {(page) => (
            <ul>
              {page.items.length === 0 && <li>{t("none")}</li>}
              {page.items.map((l) => (
                <LeaveItem key={l.leave_id} l={l} person={person} />
              ))}
            </ul>
          )}
        </Loaded>
        <RecordLeave person={person} />
      </section>
    </section>
  );
}

function LeaveItem({ l, person }: { l: Leave; person: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const d = useDraft(`leave.cancel.${l.leave_id}`, { reason: "" });
  const cmd = useCommand({ fields: ["reason"] });
  return (
    <li className={l.cancelled_at ? "cancelled" : ""}>
      {t(`leave.${l.kind}` as never)}: {i18n.date(l.start)} – {i18n.date(l.end)}
      {l.note ? ` · ${l.note}` : ""}
      {l.cancelled_at ? ` · ${t("leave.cancelled")}: ${l.cancel_reason ?? ""}` : (
        <Form
          label={t("leave.cancel")}
          error={cmd.formError}
          className="inline"
          onSubmit={async () => {
            if (await cmd.run("POST", `/people/${person}/leave/${l.leave_id}/cancel`, { reason: d.values.reason })) d.reset();
          }}
        >
          <Field label={t("field.reason")} value={d.values.reason} onChange={(x) => d.set("reason", x)} error={cmd.fieldError("reason")} />
          <button type="submit" className="small" disabled={cmd.pending}>
            {t("leave.cancel")}
          </button>
        </Form>
      )}
    </li>
  );
}

const termsInit = {
  position: "",
  cor_code: "",
  staff_category: "",
  daily_norm_minutes: "480",
  working_time_factor: "1",
  gross_monthly: "",
  currency: "RON",
  supervisor_id: "",
};

function termsBody(v: typeof termsInit): Record<string, unknown> {
  const b: Record<string, unknown> = {
    position: v.position,
    cor_code: v.cor_code,
    working_time_factor: v.working_time_factor.replace(",", "."),
    currency: v.currency,
  };
  if (v.staff_category) b.staff_category = v.staff_category;
  if (v.daily_norm_minutes) b.daily_norm_minutes = Number(v.daily_norm_minutes);
  if (v.gross_monthly) b.gross_monthly_cents = Math.round(Number(v.gross_monthly.replace(/\s/g, "").replace(",", ".")) * 100);
  if (v.supervisor_id) b.supervisor_id = v.supervisor_id;
  return b;
}

function TermsFields({
  v,
  set,
  err,
  people,
}: {
  v: typeof termsInit;
  set: (k: keyof typeof termsInit, x: string) => void;
  err: (f: string) => ReturnType<ReturnType<typeof useCommand>["fieldError"]>;
  people?: { value: string; label: string }[];
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="row3">
        <Field label={t("field.position")} value={v.position} onChange={(x) => set("position", x)} error={err("position")} />
        <Field label={t("field.corCode")} value={v.cor_code} onChange={(x) => set("cor_code", x)} inputMode="numeric" error={err("cor_code")} />
        <Field label={t("field.staffCategory")} value={v.staff_category} onChange={(x) => set("staff_category", x)} error={err("staff_category")} />
      </div>
      <div className="row3">
        <Field label={t("field.dailyNorm")} value={v.daily_norm_minutes} onChange={(x) => set("daily_norm_minutes", x)} inputMode="numeric" error={err("daily_norm_minutes")} />
        <Field label={t("field.factor")} value={v.working_time_factor} onChange={(x) => set("working_time_factor", x)} inputMode="decimal" error={err("working_time_factor")} />
        <Field label={t("field.grossMonthly")} value={v.gross_monthly} onChange={(x) => set("gross_monthly", x)} inputMode="decimal" error={err("gross_monthly_cents")} />
        <Field label={t("field.currency")} value={v.currency} onChange={(x) => set("currency", x)} maxLength={3} error={err("currency")} />
      </div>
      {people && people.length > 0 && (
        <SelectField label={t("field.supervisor")} value={v.supervisor_id} onChange={(x) => set("supervisor_id", x)} options={people} empty="—" error={err("supervisor_id")} />
      )}
    </>
  );
}

const termFields = ["position", "cor_code", "staff_category", "daily_norm_minutes", "working_time_factor", "gross_monthly_cents", "currency", "supervisor_id"];

function NewContract({ person, people }: { person: string; people: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const init = { number: "", type: "full_time", start: "", end: "", ...termsInit };
  const d = useDraft(`contract.new.${person}`, init);
  const cmd = useCommand({ fields: ["number", "type", "start", "end", ...termFields] });
  const v = d.values;
  return (
    <section className="card" aria-labelledby="new-contract">
      <h2 id="new-contract">{t("contracts.new")}</h2>
      <Form
        label={t("contracts.new")}
        error={cmd.formError}
        onSubmit={async () => {
          const body: Record<string, unknown> = { number: v.number, type: v.type, start: v.start, terms: termsBody(v) };
          if (v.end) body.end = v.end;
          if (await cmd.run("POST", `/people/${person}/contracts`, body)) d.reset();
        }}
      >
        <div className="row3">
          <Field label={t("field.number")} value={v.number} onChange={(x) => d.set("number", x)} error={cmd.fieldError("number")} />
          <SelectField
            label={t("field.type")}
            value={v.type}
            onChange={(x) => d.set("type", x)}
            options={contractTypes.map((c) => ({ value: c, label: t(`contract.${c}` as never) }))}
          />
          <Field label={t("field.start")} type="date" value={v.start} onChange={(x) => d.set("start", x)} error={cmd.fieldError("start")} />
          <Field label={t("field.end")} type="date" value={v.end} onChange={(x) => d.set("end", x)} error={cmd.fieldError("end")} />
        </div>
        <TermsFields v={v} set={(k, x) => d.set(k, x)} err={cmd.fieldError} people={people} />
        <div className="actions">
          <button type="submit" className="primary" disabled={cmd.pending}>
            {t("contracts.record")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function Amend({ person, contract }: { person: string; contract: Contract }) {
  const { t } = useI18n();
  const c = contract.terms;
  const init = {
    effective_from: "",
    note: "",
    position: c.position,
    cor_code: c.cor_code,
    staff_category: c.staff_category ?? "",
    daily_norm_minutes: c.daily_norm_minutes !== undefined ? String(c.daily_norm_minutes) : "",
    working_time_factor: c.working_time_factor,
    gross_monthly: c.gross_monthly_cents !== undefined ? (c.gross_monthly_cents / 100).toFixed(2) : "",
    currency: c.currency,
    supervisor_id: c.supervisor_id ?? "",
  };
  const d = useDraft(`contract.amend.${contract.contract_id}`, init);
  const cmd = useCommand({ fields: ["effective_from", "note", ...termFields] });
  return (
    <details>
      <summary>{t("contracts.amend")}</summary>
      <Form
        label={t("contracts.amend")}
        error={cmd.formError}
        onSubmit={async () => {
          const body: Record<string, unknown> = { effective_from: d.values.effective_from, terms: termsBody(d.values) };
          if (d.values.note) body.note = d.values.note;
          if (await cmd.run("POST", `/people/${person}/contracts/${contract.contract_id}/amendments`, body)) d.reset();
        }}
      >
        <Field label={t("field.effectiveFrom")} type="date" value={d.values.effective_from} onChange={(x) => d.set("effective_from", x)} error={cmd.fieldError("effective_from")} />
        <TermsFields v={d.values} set={(k, x) => d.set(k, x)} err={cmd.fieldError} />
        <Field label={t("field.note")} value={d.values.note} onChange={(x) => d.set("note", x)} error={cmd.fieldError("note")} />
        <button type="submit" disabled={cmd.pending}>
          {t("contracts.amend")}
        </button>
      </Form>
    </details>
  );
}

function EndContract({ person, contract }: { person: string; contract: string }) {
  const { t } = useI18n();
  const d = useDraft(`contract.end.${contract}`, { end: "", reason: "" });
  const cmd = useCommand({ fields: ["end", "reason"] });
  return (
    <details>
      <summary>{t("contracts.end")}</summary>
      <Form
        label={t("contracts.end")}
        error={cmd.formError}
        className="inline"
        onSubmit={async () => {
          const body: Record<string, string> = { end: d.values.end };
          if (d.values.reason) body.reason = d.values.reason;
          if (await cmd.run("POST", `/people/${person}/contracts/${contract}/end`, body)) d.reset();
        }}
      >
        <Field label={t("field.end")} type="date" value={d.values.end} onChange={(x) => d.set("end", x)} error={cmd.fieldError("end")} />
        <Field label={t("field.reason")} value={d.values.reason} onChange={(x) => d.set("reason", x)} error={cmd.fieldError("reason")} />
        <button type="submit" disabled={cmd.pending}>
          {t("contracts.end")}
        </button>
      </Form>
    </details>
  );
}

function Assign({ person, contracts, projects }: { person: string; contracts: { value: string; label: string }[]; projects: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const d = useDraft(`assign.${person}`, { contract_id: contracts[0]?.value ?? "", project_id: "", role: "", category: "", start: "", end: "" });
  const cmd = useCommand({ fields: ["contract_id", "project_id", "role", "category", "start", "end"] });
  return (
    <Form
      label={t("contracts.assign")}
      error={cmd.formError}
      onSubmit={async () => {
        const body: Record<string, unknown> = { ...d.values };
        for (const k of ["category", "start", "end"]) if (!body[k]) delete body[k];
        if (await cmd.run("POST", `/people/${person}/assignments`, body)) d.reset();
      }}
    >
      <h3>{t("contracts.assign")}</h3>
      <div className="row3">
        <SelectField label={t("field.contract")} value={d.values.contract_id} onChange={(x) => d.set("contract_id", x)} options={contracts} error={cmd.fieldError("contract_id")} />
        <SelectField label={t("field.project")} value={d.values.project_id} onChange={(x) => d.set("project_id", x)} options={projects} empty="—" error={cmd.fieldError("project_id")} />
        <Field label={t("field.role")} value={d.values.role} onChange={(x) => d.set("role", x)} error={cmd.fieldError("role")} />
        <Field label={t("field.category")} value={d.values.category} onChange={(x) => d.set("category", x)} error={cmd.fieldError("category")} />
        <Field label={t("field.start")} type="date" value={d.values.start} onChange={(x) => d.set("start", x)} error={cmd.fieldError("start")} />
        <Field label={t("field.end")} type="date" value={d.values.end} onChange={(x) => d.set("end", x)} error={cmd.fieldError("end")} />
      </div>
      <button type="submit" disabled={cmd.pending}>
        {t("contracts.assign")}
      </button>
    </Form>
  );
}

function RecordLeave({ person }: { person: string }) {
  const { t } = useI18n();
  const d = useDraft(`leave.new.${person}`, { kind: "annual", start: "", end: "", note: "" });
  const cmd = useCommand({ fields: ["kind", "start", "end", "note"] });
  return (
    <Form
      label={t("leave.record")}
      error={cmd.formError}
      onSubmit={async () => {
        const body: Record<string, string> = { kind: d.values.kind, start: d.values.start, end: d.values.end };
        if (d.values.note) body.note = d.values.note;
        if (await cmd.run("POST", `/people/${person}/leave`, body)) d.reset();
      }}
    >
      <h3>{t("leave.record")}</h3>
      <div className="row3">
        <SelectField label={t("field.kind")} value={d.values.kind} onChange={(x) => d.set("kind", x)} options={leaveKinds.map((k) => ({ value: k, label: t(`leave.${k}` as never) }))} />
        <Field label={t("field.start")} type="date" value={d.values.start} onChange={(x) => d.set("start", x)} error={cmd.fieldError("start")} />
        <Field label={t("field.end")} type="date" value={d.values.end} onChange={(x) => d.set("end", x)} error={cmd.fieldError("end")} />
        <Field label={t("field.note")} value={d.values.note} onChange={(x) => d.set("note", x)} error={cmd.fieldError("note")} />
      </div>
      <button type="submit" disabled={cmd.pending}>
        {t("leave.record")}
      </button>
    </Form>
  );
}

export function LeaveScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const people = usePeople();
  const q = useOrgQuery<Page<Leave>>(["leave", "all"], "/leave", { limit: 500 });
  return (
    <section>
      <PageTitle>{t("leave.title")}</PageTitle>
      <Loaded q={q}>
        {(page) =>
          page.items.length === 0 ? (
            <Notice>{t("none")}</Notice>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("field.person")}</th>
                    <th scope="col">{t("field.kind")}</th>
                    <th scope="col">{t("field.period")}</th>
                    <th scope="col">{t("field.note")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((l) => (
                    <tr key={l.leave_id} className={l.cancelled_at ? "cancelled" : ""}>
                      <td>
                        <Link to={`/people/${l.person_id}/contracts`}>{people.name(l.person_id)}</Link>
                      </td>
                      <td>{t(`leave.${l.kind}` as never)}</td>
                      <td>
                        {i18n.date(l.start)} – {i18n.date(l.end)}
                      </td>
                      <td>{l.cancelled_at ? `${t("leave.cancelled")}: ${l.cancel_reason ?? ""}` : l.note ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <ErrorMessage error={null} />
    </section>
  );
}
