// Effort (a project's hours, day-equivalents and person-months per work
// package, person and month) and personnel costs (per person and project, by
// the project's rate method, with its inputs), as the read API computes them.
import { useOrgQuery } from "../app_context";
import { usePeople, useProjects } from "../data";
import { useI18n } from "../i18n";
import { useLocation, useNavigate } from "../router";
import { ErrorMessage, Field, Loaded, Notice, PageTitle, SelectField } from "../ui";

interface Totals {
  minutes: number;
  hours: string;
  day_equivalents: string;
  person_months: string;
}

interface EffortSummary {
  acronym: string;
  from: string;
  to: string;
  hours_per_day: string;
  person_months_basis: string;
  description?: string;
  description_ro?: string;
  work_packages: (Totals & { work_package_id: string; code: string; title: string; activities: { activity_id: string; code: string; title: string; minutes: number; hours: string }[] })[];
  people: (Totals & { person_id: string })[];
  lines: (Totals & { work_package_code: string; person_id: string; month: string; timesheet_status: string })[];
}

interface CostItem {
  person_id: string;
  project_id: string;
  acronym: string;
  method: string;
  description?: string;
  description_ro?: string;
  currency: string;
  available: boolean;
  problem?: { code: string; message: string; message_ro: string } | null;
  lines?: { work_package_code: string; hours: string; day_equivalents: string; rate: string; rate_rounded?: string; cost: string }[];
  cost?: string;
  total?: string;
}

interface PersonnelCosts {
  from: string;
  to: string;
  basis: string;
  items: CostItem[];
  totals: { currency: string; cost: string }[];
}

function useFilters(defaults: Record<string, string>) {
  const { search } = useLocation();
  const navigate = useNavigate();
  const { path } = useLocation();
  const get = (k: string) => search.get(k) ?? defaults[k] ?? "";
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(search);
    if (v) p.set(k, v);
    else p.delete(k);
    navigate(`${path}?${p.toString()}`, true);
  };
  return { get, set };
}

const year = String(new Date().getFullYear());

export function EffortScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const { list: projects } = useProjects();
  const people = usePeople();
  const f = useFilters({ from: `${year}-01`, to: `${year}-12` });
  const project = f.get("project") || projects[0]?.project_id || "";
  const q = useOrgQuery<EffortSummary>(["effort", project], `/projects/${project}/effort`, { from: f.get("from"), to: f.get("to") }, !!project);
  return (
    <section>
      <PageTitle>{t("effort.title")}</PageTitle>
      <div className="filters" role="search">
        <SelectField label={t("field.project")} value={project} onChange={(v) => f.set("project", v)} options={projects.map((p) => ({ value: p.project_id, label: p.acronym }))} />
        <Field label={t("field.from")} type="month" value={f.get("from")} onChange={(v) => f.set("from", v)} />
        <Field label={t("field.to")} type="month" value={f.get("to")} onChange={(v) => f.set("to", v)} />
      </div>
      {!project ? (
        <Notice>{t("projects.none")}</Notice>
      ) : (
        <Loaded q={q}>
          {(e) => (
            <>
              {(i18n.lang === "ro" ? e.description_ro : e.description) && (
                <p className="muted">{i18n.lang === "ro" ? e.description_ro : e.description}</p>
              )}
              <h2>{t("effort.byWorkPackage")}</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("field.workPackage")}</th>
                      <th scope="col" className="num">{t("field.hours")}</th>
                      <th scope="col" className="num">{t("effort.days")}</th>
                      <th scope="col" className="num">{t("effort.pm")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.work_packages.map((w) => (
                      <tr key={w.work_package_id}>
                        <th scope="row">
                          {w.code} · {w.title}
                          <ul className="sub-list">
                            {w.activities.map((a) => (
                              <li key={a.activity_id}>
                                {a.code}: {i18n.num(a.hours, 2)} h
                              </li>
                            ))}
                          </ul>
                        </th>
                        <td className="num">{i18n.num(w.hours, 2)}</td>
                        <td className="num">{i18n.num(w.day_equivalents)}</td>
                        <td className="num">{i18n.num(w.person_months, 2)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <h2>{t("effort.byPerson")}</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("field.person")}</th>
                      <th scope="col" className="num">{t("field.hours")}</th>
                      <th scope="col" className="num">{t("effort.days")}</th>
                      <th scope="col" className="num">{t("effort.pm")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.people.map((p) => (
                      <tr key={p.person_id}>
                        <th scope="row">{people.name(p.person_id)}</th>
                        <td className="num">{i18n.num(p.hours, 2)}</td>
                        <td className="num">{i18n.num(p.day_equivalents)}</td>
                        <td className="num">{i18n.num(p.person_months, 2)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <h2>{t("effort.byMonth")}</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("field.month")}</th>
                      <th scope="col">{t("field.person")}</th>
                      <th scope="col">{t("field.workPackage")}</th>
                      <th scope="col">{t("field.status")}</th>
                      <th scope="col" className="num">{t("field.hours")}</th>
                      <th scope="col" className="num">{t("effort.days")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.lines.map((l, i) => (
                      <tr key={i}>
                        <td>{i18n.month(l.month)}</td>
                        <td>{people.name(l.person_id)}</td>
                        <td>{l.work_package_code}</td>
                        <td>{t(`status.${l.timesheet_status}` as never)}</td>
                        <td className="num">{i18n.num(l.hours, 2)}</td>
                        <td className="num">{i18n.num(l.day_equivalents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </Loaded>
      )}
    </section>
  );
}

export function CostsScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const { list: projects } = useProjects();
  const people = usePeople();
  const f = useFilters({ from: `${year}-01`, to: `${year}-12` });
  const q = useOrgQuery<PersonnelCosts>(["costs"], "/personnel-costs", { from: f.get("from"), to: f.get("to"), project: f.get("project") });
  return (
    <section>
      <PageTitle>{t("costs.title")}</PageTitle>
      <div className="filters" role="search">
        <SelectField label={t("field.project")} value={f.get("project")} onChange={(v) => f.set("project", v)} empty={t("all")} options={projects.map((p) => ({ value: p.project_id, label: p.acronym }))} />
        <Field label={t("field.from")} type="month" value={f.get("from")} onChange={(v) => f.set("from", v)} />
        <Field label={t("field.to")} type="month" value={f.get("to")} onChange={(v) => f.set("to", v)} />
      </div>
      <Loaded q={q}>
        {(c) => (
          <>
            <p className="muted">{t("costs.basis")}</p>
            {c.items.length === 0 && <Notice>{t("none")}</Notice>}
            {c.items.map((it, i) => (
              <section key={i} className="card" aria-label={`${people.name(it.person_id)} · ${it.acronym}`}>
                <h2>
                  {people.name(it.person_id)} · {it.acronym} <code className="code">{it.method}</code>
                </h2>
                {(i18n.lang === "ro" ? it.description_ro : it.description) && <p className="muted">{i18n.lang === "ro" ? it.description_ro : it.description}</p>}
                {!it.available && it.problem && (
                  <p className="error">
                    <code className="code">{it.problem.code}</code> {i18n.lang === "ro" ? it.problem.message_ro : it.problem.message}
                  </p>
                )}
                {it.lines && it.lines.length > 0 && (
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t("field.workPackage")}</th>
                          <th scope="col" className="num">{t("field.hours")}</th>
                          <th scope="col" className="num">{t("effort.days")}</th>
                          <th scope="col" className="num">{t("costs.rate")}</th>
                          <th scope="col" className="num">{t("costs.cost")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {it.lines.map((l, j) => (
                          <tr key={j}>
                            <td>{l.work_package_code}</td>
                            <td className="num">{i18n.num(l.hours, 2)}</td>
                            <td className="num">{i18n.num(l.day_equivalents)}</td>
                            <td className="num">{i18n.num(l.rate_rounded ?? l.rate, 4)}</td>
                            <td className="num">{i18n.money(l.cost, it.currency)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            ))}
            {c.totals.length > 0 && (
              <p className="totals">
                {t("costs.total")}: {c.totals.map((x) => i18n.money(x.cost, x.currency)).join(" · ")}
              </p>
            )}
          </>
        )}
      </Loaded>
      <ErrorMessage error={null} />
    </section>
  );
}
