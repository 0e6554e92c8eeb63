// Projects: the list with a form to register one; a project's page with its
// rules, work packages and activities, members, partners and budget, each
// with the form that adds to it. Another user's change appears live
// (project:<id>).
import { useState } from "react";
import { useCommand, useDraft, useFollow, useOrgQuery } from "../app_context";
import { usePeople, useProjects, type ProjectDetail } from "../data";
import { useI18n } from "../i18n";
import { Link, useNavigate } from "../router";
import { ErrorMessage, Field, Form, Loaded, Notice, PageTitle, SelectField } from "../ui";
import { HistoryLink } from "./history";

const programmes = ["horizon_europe", "horizon_2020", "peo", "pids", "other"];
const memberRoles = ["project_manager", "expert", "researcher", "support"];
const budgetCategories = ["personnel", "subcontracting", "travel", "equipment", "other_goods", "indirect", "other"];

export function ProjectsScreen() {
  const { t, date } = useI18n();
  const { query } = useProjects();
  return (
    <section>
      <PageTitle>{t("projects.title")}</PageTitle>
      <Loaded q={query}>
        {(page) =>
          page.items.length === 0 ? (
            <Notice>{t("projects.none")}</Notice>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("field.acronym")}</th>
                    <th scope="col">{t("field.title")}</th>
                    <th scope="col">{t("field.programme")}</th>
                    <th scope="col">{t("field.period")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((p) => (
                    <tr key={p.project_id}>
                      <td>
                        <Link to={`/projects/${p.project_id}`}>{p.acronym}</Link>
                      </td>
                      <td>{p.title}</td>
                      <td>{t(`programme.${p.programme}` as never)}</td>
                      <td>
                        {date(p.start)} – {date(p.end)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <NewProject />
    </section>
  );
}

function NewProject() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const init = { programme: "horizon_europe", title: "", acronym: "", grant_number: "", start: "", end: "" };
  const d = useDraft("project.new", init);
  const fields = Object.keys(init);
  const cmd = useCommand({ fields });
  const v = d.values;
  return (
    <section className="card" aria-labelledby="new-project">
      <h2 id="new-project">{t("projects.new")}</h2>
      <Form
        label={t("projects.new")}
        error={cmd.formError}
        onSubmit={async () => {
          const body: Record<string, string> = { ...v };
          if (!body.grant_number) delete body.grant_number;
          const r = await cmd.run("POST", "/projects", body);
          if (r) {
            d.reset();
            navigate(`/projects/${r.id}`);
          }
        }}
      >
        <SelectField
          label={t("field.programme")}
          value={v.programme}
          onChange={(x) => d.set("programme", x)}
          options={programmes.map((p) => ({ value: p, label: t(`programme.${p}` as never) }))}
          error={cmd.fieldError("programme")}
        />
        <Field label={t("field.title")} value={v.title} onChange={(x) => d.set("title", x)} error={cmd.fieldError("title")} />
        <div className="row3">
          <Field label={t("field.acronym")} value={v.acronym} onChange={(x) => d.set("acronym", x)} error={cmd.fieldError("acronym")} />
          <Field label={t("field.grantNumber")} value={v.grant_number} onChange={(x) => d.set("grant_number", x)} error={cmd.fieldError("grant_number")} />
        </div>
        <div className="row3">
          <Field label={t("field.start")} type="date" value={v.start} onChange={(x) => d.set("start", x)} error={cmd.fieldError("start")} />
          <Field label={t("field.end")} type="date" value={v.end} onChange={(x) => d.set("end", x)} error={cmd.fieldError("end")} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={cmd.pending}>
            {t("projects.register")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ProjectScreen({ project }: { project: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const q = useOrgQuery<ProjectDetail>(["project", project], `/projects/${project}`);
  const people = usePeople();
  useFollow([`project:${project}`]);
  return (
    <Loaded q={q}>
      {(p) => (
        <section>
          <PageTitle
            sub={
              <p>
                {p.title} · <HistoryLink stream={`project-${p.project_id}`} label={t("history.ofProject")} />
              </p>
            }
          >
            {p.acronym}
          </PageTitle>
          <dl className="facts">
            <dt>{t("field.programme")}</dt>
            <dd>{t(`programme.${p.programme}` as never)}</dd>
            <dt>{t("field.grantNumber")}</dt>
            <dd>{p.grant_number || p.smis_code || "—"}</dd>
            <dt>{t("field.period")}</dt>
            <dd>
              {i18n.date(p.start)} – {i18n.date(p.end)}
            </dd>
            <dt>{t("project.caps")}</dt>
            <dd>
              {i18n.hours(p.rules.daily_cap_minutes)} h / {t("project.day")}, {i18n.hours(p.rules.weekly_cap_minutes)} h / {t("project.week")}
            </dd>
            <dt>{t("project.rateMethod")}</dt>
            <dd>
              <code>{p.rules.rate_method}</code> · <code>{p.rules.hours_per_day}</code>
            </dd>
          </dl>
          <EditRules project={p} />
          <p>
            <Link to={`/effort?project=${p.project_id}`}>{t("nav.effort")}</Link> ·{" "}
            <Link to={`/timesheets?project=${p.project_id}`}>{t("nav.timesheets")}</Link>
          </p>
          <section className="card" aria-labelledby="wps">
            <h2 id="wps">{t("project.workPackages")}</h2>
            {p.work_packages.length === 0 && <p>{t("none")}</p>}
            {p.work_packages.map((wp) => (
              <div key={wp.work_package_id} className="wp">
                <h3>
                  {wp.code} · {wp.title}
                </h3>
                <ul>
                  {wp.activities.map((a) => (
                    <li key={a.activity_id}>
                      <strong>{a.code}</strong> {a.title}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            <AddWorkPackage project={p} />
            {p.work_packages.length > 0 && <AddActivity project={p} />}
          </section>
          <section className="card" aria-labelledby="members">
            <h2 id="members">{t("project.members")}</h2>
            <ul>
              {p.members.map((m) => (
                <Member key={m.person_id} project={p.project_id} person={m.person_id} label={`${people.name(m.person_id)} · ${t(`role.${m.role}` as never)}${m.since ? " · " + i18n.date(m.since) : ""}`} />
              ))}
            </ul>
            <AddMember project={p} people={people.list.map((x) => ({ value: x.person_id, label: `${x.given_name} ${x.family_name}` }))} />
          </section>
          <section className="card" aria-labelledby="partners">
            <h2 id="partners">{t("project.partners")}</h2>
            <ul>
              {p.partners.map((x) => (
                <li key={x.partner_id}>
                  {x.name} {x.country ? `(${x.country})` : ""}
                </li>
              ))}
            </ul>
            <AddPartner project={p.project_id} />
          </section>
          <section className="card" aria-labelledby="budget">
            <h2 id="budget">{t("project.budget")}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("field.category")}</th>
                  <th scope="col">{t("project.partner")}</th>
                  <th scope="col" className="num">{t("field.amount")}</th>
                </tr>
              </thead>
              <tbody>
                {p.budget.map((b, i) => (
                  <tr key={i}>
                    <td>{t(`budget.${b.category}` as never)}</td>
                    <td>{b.partner_id ? p.partners.find((x) => x.partner_id === b.partner_id)?.name ?? "—" : t("project.beneficiary")}</td>
                    <td className="num">{i18n.money((b.amount_cents / 100).toFixed(2), "EUR")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <SetBudget project={p} />
          </section>
        </section>
      )}
    </Loaded>
  );
}

function Member({ project, person, label }: { project: string; person: string; label: string }) {
  const { t } = useI18n();
  const cmd = useCommand();
  return (
    <li>
      {label}{" "}
      <button type="button" className="danger small" disabled={cmd.pending} onClick={() => void cmd.run("DELETE", `/projects/${project}/members/${person}`)}>
        {t("remove")}
      </button>
      <ErrorMessage error={cmd.error} />
    </li>
  );
}

function AddWorkPackage({ project }: { project: ProjectDetail }) {
  const { t } = useI18n();
  const d = useDraft(`wp.${project.project_id}`, { code: "", title: "" });
  const cmd = useCommand({ fields: ["code", "title"] });
  return (
    <Form
      label={t("project.addWorkPackage")}
      error={cmd.formError}
      className="inline"
      onSubmit={async () => {
        if (await cmd.run("POST", `/projects/${project.project_id}/work-packages`, d.values)) d.reset();
      }}
    >
      <Field label={t("field.code")} value={d.values.code} onChange={(x) => d.set("code", x)} error={cmd.fieldError("code")} />
      <Field label={t("field.title")} value={d.values.title} onChange={(x) => d.set("title", x)} error={cmd.fieldError("title")} />
      <button type="submit" disabled={cmd.pending}>
        {t("project.addWorkPackage")}
      </button>
    </Form>
  );
}

function AddActivity({ project }: { project: ProjectDetail }) {
  const { t } = useI18n();
  const d = useDraft(`activity.${project.project_id}`, { work_package_id: project.work_packages[0]?.work_package_id ?? "", code: "", title: "" });
  const cmd = useCommand({ fields: ["work_package_id", "code", "title"] });
  return (
    <Form
      label={t("project.addActivity")}
      error={cmd.formError}
      className="inline"
      onSubmit={async () => {
        if (await cmd.run("POST", `/projects/${project.project_id}/activities`, d.values)) d.reset();
      }}
    >
      <SelectField
        label={t("field.workPackage")}
        value={d.values.work_package_id}
        onChange={(x) => d.set("work_package_id", x)}
        options={project.work_packages.map((w) => ({ value: w.work_package_id, label: w.code }))}
        error={cmd.fieldError("work_package_id")}
      />
      <Field label={t("field.code")} value={d.values.code} onChange={(x) => d.set("code", x)} error={cmd.fieldError("code")} />
      <Field label={t("field.title")} value={d.values.title} onChange={(x) => d.set("title", x)} error={cmd.fieldError("title")} />
      <button type="submit" disabled={cmd.pending}>
        {t("project.addActivity")}
      </button>
    </Form>
  );
}

function AddMember({ project, people }: { project: ProjectDetail; people: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const d = useDraft(`member.${project.project_id}`, { person_id: "", role: "researcher", since: "" });
  const cmd = useCommand({ fields: ["person_id", "role", "since"] });
  return (
    <Form
      label={t("project.addMember")}
      error={cmd.formError}
      className="inline"
      onSubmit={async () => {
        const body: Record<string, string> = { person_id: d.values.person_id, role: d.values.role };
        if (d.values.since) body.since = d.values.since;
        if (await cmd.run("POST", `/projects/${project.project_id}/members`, body)) d.reset();
      }}
    >
      <SelectField label={t("field.person")} value={d.values.person_id} onChange={(x) => d.set("person_id", x)} options={people} empty="—" error={cmd.fieldError("person_id")} />
      <SelectField
        label={t("field.role")}
        value={d.values.role}
        onChange={(x) => d.set("role", x)}
        options={memberRoles.map((r) => ({ value: r, label: t(`role.${r}` as never) }))}
        error={cmd.fieldError("role")}
      />
      <Field label={t("field.since")} type="date" value={d.values.since} onChange={(x) => d.set("since", x)} error={cmd.fieldError("since")} />
      <button type="submit" disabled={cmd.pending}>
        {t("project.addMember")}
      </button>
    </Form>
  );
}

function AddPartner({ project }: { project: string }) {
  const { t } = useI18n();
  const d = useDraft(`partner.${project}`, { name: "", country: "" });
  const cmd = useCommand({ fields: ["name", "country"] });
  return (
    <Form
      label={t("project.addPartner")}
      error={cmd.formError}
      className="inline"
      onSubmit={async () => {
        const body: Record<string, string> = { name: d.values.name };
        if (d.values.country) body.country = d.values.country;
        if (await cmd.run("POST", `/projects/${project}/partners`, body)) d.reset();
      }}
    >
      <Field label={t("field.name")} value={d.values.name} onChange={(x) => d.set("name", x)} error={cmd.fieldError("name")} />
      <Field label={t("field.country")} value={d.values.country} onChange={(x) => d.set("country", x)} maxLength={2} error={cmd.fieldError("country")} />
      <button type="submit" disabled={cmd.pending}>
        {t("project.addPartner")}
      </button>
    </Form>
  );
}

function SetBudget({ project }: { project: ProjectDetail }) {
  const { t } = useI18n();
  const d = useDraft(`budget.${project.project_id}`, { category: "personnel", partner_id: "", amount: "" });
  const cmd = useCommand({ fields: ["category", "partner_id", "amount_cents"] });
  const [local, setLocal] = useState<string | null>(null);
  return (
    <Form
      label={t("project.setBudget")}
      error={cmd.formError}
      className="inline"
      onSubmit={async () => {
        const n = Number(d.values.amount.replace(/\s/g, "").replace(",", "."));
        if (!Number.isFinite(n)) {
          setLocal(t("error.number"));
          return;
        }
        setLocal(null);
        const body: Record<string, unknown> = { category: d.values.category, amount_cents: Math.round(n * 100) };
        if (d.values.partner_id) body.partner_id = d.values.partner_id;
        if (await cmd.run("PUT", `/projects/${project.project_id}/budget`, body)) d.reset();
      }}
    >
      <SelectField
        label={t("field.category")}
        value={d.values.category}
        onChange={(x) => d.set("category", x)}
        options={budgetCategories.map((c) => ({ value: c, label: t(`budget.${c}` as never) }))}
      />
      <SelectField
        label={t("project.partner")}
        value={d.values.partner_id}
        onChange={(x) => d.set("partner_id", x)}
        empty={t("project.beneficiary")}
        options={project.partners.map((x) => ({ value: x.partner_id, label: x.name }))}
      />
      <Field label={t("field.amountEur")} inputMode="decimal" value={d.values.amount} onChange={(x) => d.set("amount", x)} error={cmd.fieldError("amount_cents")} />
      {local && <p className="error" role="alert">{local}</p>}
      <button type="submit" disabled={cmd.pending}>
        {t("project.setBudget")}
      </button>
    </Form>
  );
}

const hoursPerDay = ["contract", "annual_productive", "fixed_8"];
const rateMethods = [
  "he_daily_calendar_year",
  "he_daily_reporting_period",
  "h2020_hourly_fixed_1720",
  "h2020_hourly_individual",
  "h2020_hourly_standard",
  "actual_hourly",
];

function EditRules({ project }: { project: ProjectDetail }) {
  const { t } = useI18n();
  const r = project.rules;
  const init = {
    daily_cap_minutes: String(r.daily_cap_minutes),
    weekly_cap_minutes: String(r.weekly_cap_minutes),
    hours_per_day: r.hours_per_day,
    rate_method: r.rate_method,
    eu_grant: r.eu_grant ? "true" : "false",
  };
  const d = useDraft(`rules.${project.project_id}.${project.version}`, init);
  const cmd = useCommand({ fields: ["daily_cap_minutes", "weekly_cap_minutes", "hours_per_day", "rate_method", "eu_grant"] });
  const v = d.values;
  return (
    <details>
      <summary>{t("project.rules")}</summary>
      <Form
        label={t("project.rules")}
        error={cmd.formError}
        onSubmit={async () => {
          const body = {
            daily_cap_minutes: Number(v.daily_cap_minutes),
            weekly_cap_minutes: Number(v.weekly_cap_minutes),
            hours_per_day: v.hours_per_day,
            rate_method: v.rate_method,
            eu_grant: v.eu_grant === "true",
          };
          if (await cmd.run("PUT", `/projects/${project.project_id}/rules`, body)) d.reset();
        }}
      >
        <div className="row3">
          <Field label={t("project.dailyCap")} inputMode="numeric" value={v.daily_cap_minutes} onChange={(x) => d.set("daily_cap_minutes", x)} error={cmd.fieldError("daily_cap_minutes")} />
          <Field label={t("project.weeklyCap")} inputMode="numeric" value={v.weekly_cap_minutes} onChange={(x) => d.set("weekly_cap_minutes", x)} error={cmd.fieldError("weekly_cap_minutes")} />
          <SelectField label={t("project.hoursPerDay")} value={v.hours_per_day} onChange={(x) => d.set("hours_per_day", x)} options={hoursPerDay.map((h) => ({ value: h, label: h }))} error={cmd.fieldError("hours_per_day")} />
          <SelectField label={t("project.rateMethod")} value={v.rate_method} onChange={(x) => d.set("rate_method", x)} options={rateMethods.map((m) => ({ value: m, label: m }))} error={cmd.fieldError("rate_method")} />
          <SelectField
            label={t("project.euGrant")}
            value={v.eu_grant}
            onChange={(x) => d.set("eu_grant", x)}
            options={[
              { value: "true", label: t("yes") },
              { value: "false", label: t("no") },
            ]}
          />
        </div>
        <button type="submit" disabled={cmd.pending}>
          {t("save")}
        </button>
      </Form>
    </details>
  );
}
