// Organisation administration: people (register, edit), accounts (open,
// disable, enable), groups (create, rename, members), roles and grants
// (grant, revoke). What a caller may do is the server's decision; its
// refusals are shown with their codes.
import { useState } from "react";
import { useApp, useCommand, useDraft, useFollow, useOrgQuery } from "../app_context";
import { usePeople, useProjects, type Account, type GrantView, type Group, type Page, type Person } from "../data";
import { useI18n, type Key } from "../i18n";
import { Link } from "../router";
import { ErrorMessage, Field, Form, Loaded, PageTitle, SelectField } from "../ui";
import { OrganisationTab } from "./organisation";

const tabs = ["people", "accounts", "groups", "grants", "organisation"] as const;
const roles = ["org_admin", "hr_manager", "project_manager", "financial_officer", "member", "auditor"];

export function AdminScreen({ tab }: { tab: string }) {
  const { t } = useI18n();
  const { orgId } = useApp();
  useFollow([`org:${orgId}`]);
  return (
    <section>
      <PageTitle>{t("admin.title")}</PageTitle>
      <nav className="tabs" aria-label={t("admin.sections")}>
        {tabs.map((x) => (
          <Link key={x} to={`/admin/${x}`} aria-current={tab === x ? "page" : undefined}>
            {t(`admin.${x}` as Key)}
          </Link>
        ))}
      </nav>
      {tab === "people" && <PeopleTab />}
      {tab === "accounts" && <AccountsTab />}
      {tab === "groups" && <GroupsTab />}
      {tab === "grants" && <GrantsTab />}
      {tab === "organisation" && <OrganisationTab />}
    </section>
  );
}

/** A personal field as the people table shows it: hidden without the
 * permission, the server's marker once erased. */
function personalText(lang: string, p: Person, value?: string): string {
  if (!p.personal) return "•••";
  if (p.personal.erased) return (lang === "ro" ? p.personal.message_ro : p.personal.message) ?? "";
  return value ?? "";
}

function PeopleTab() {
  const { t, lang } = useI18n();
  const people = usePeople();
  const [editing, setEditing] = useState<Person | null>(null);
  return (
    <>
      <Loaded q={people.query}>
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("admin.people")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("field.name")}</th>
                  <th scope="col">{t("field.email")}</th>
                  <th scope="col">{t("field.phone")}</th>
                  <th scope="col">{t("field.cnp")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((p) => (
                  <tr key={p.person_id}>
                    <td>
                      <Link to={`/people/${p.person_id}/contracts`}>
                        {p.given_name} {p.family_name}
                      </Link>
                    </td>
                    <td>{p.email ?? ""}</td>
                    <td>{personalText(lang, p, p.personal?.phone)}</td>
                    <td>{personalText(lang, p, p.personal?.cnp)}</td>
                    <td>
                      <button type="button" className="small" onClick={() => setEditing(p)}>
                        {t("edit")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <PersonForm key={editing?.person_id ?? "new"} person={editing} onDone={() => setEditing(null)} />
    </>
  );
}

function PersonForm({ person, onDone }: { person: Person | null; onDone: () => void }) {
  const { t, lang } = useI18n();
  const personal = person?.personal;
  const init = {
    given_name: person?.given_name ?? "",
    family_name: person?.family_name ?? "",
    email: person?.email ?? "",
    phone: personal?.phone ?? "",
    cnp: personal?.cnp ?? "",
    personal_email: personal?.email ?? "",
    street: personal?.address?.street ?? "",
    city: personal?.address?.city ?? "",
    county: personal?.address?.county ?? "",
    postal_code: personal?.address?.postal_code ?? "",
  };
  const d = useDraft(`person.${person?.person_id ?? "new"}`, init);
  const cmd = useCommand({
    fields: ["given_name", "family_name", "email", "phone", "cnp", "personal_email", "street", "city", "county", "postal_code"],
    fieldOf: (e) => {
      if (e.field === "personal.email") return "personal_email";
      if (e.field === "personal.phone") return "phone";
      if (e.field?.startsWith("personal.address.")) return e.field.slice("personal.address.".length);
      return e.field === "personal.cnp" || e.code.includes("CNP") ? "cnp" : undefined;
    },
  });
  const v = d.values;
  const erased = personal?.erased === true;
  const title = person ? t("admin.editPerson", { name: `${person.given_name} ${person.family_name}` }) : t("admin.newPerson");
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <Form
        label={title}
        error={cmd.formError}
        onSubmit={async () => {
          const body: Record<string, unknown> = { given_name: v.given_name, family_name: v.family_name };
          if (v.email) body.email = v.email;
          const p: Record<string, unknown> = {};
          if (v.cnp) p.cnp = v.cnp;
          if (v.personal_email) p.email = v.personal_email;
          if (v.phone) p.phone = v.phone;
          const address: Record<string, string> = {};
          for (const k of ["street", "city", "county", "postal_code"] as const) if (v[k]) address[k] = v[k];
          if (Object.keys(address).length > 0) p.address = address;
          if (!erased && Object.keys(p).length > 0) body.personal = p;
          const r = person ? await cmd.run("PATCH", `/people/${person.person_id}`, body) : await cmd.run("POST", "/people", body);
          if (r) {
            d.reset();
            onDone();
          }
        }}
      >
        <div className="row3">
          <Field label={t("field.givenName")} value={v.given_name} onChange={(x) => d.set("given_name", x)} error={cmd.fieldError("given_name")} autoComplete="off" />
          <Field label={t("field.familyName")} value={v.family_name} onChange={(x) => d.set("family_name", x)} error={cmd.fieldError("family_name")} autoComplete="off" />
          <Field label={t("field.email")} type="email" value={v.email} onChange={(x) => d.set("email", x)} error={cmd.fieldError("email")} autoComplete="off" />
        </div>
        <h3>{t("admin.personalData")}</h3>
        {erased ? (
          <p className="muted">{lang === "ro" ? personal?.message_ro : personal?.message}</p>
        ) : (
          <>
            <div className="row3">
              <Field label={t("field.cnp")} value={v.cnp} onChange={(x) => d.set("cnp", x)} error={cmd.fieldError("cnp")} inputMode="numeric" autoComplete="off" />
              <Field label={t("field.personalEmail")} type="email" value={v.personal_email} onChange={(x) => d.set("personal_email", x)} error={cmd.fieldError("personal_email")} autoComplete="off" />
              <Field label={t("field.phone")} value={v.phone} onChange={(x) => d.set("phone", x)} error={cmd.fieldError("phone")} autoComplete="off" />
            </div>
            <div className="row3">
              <Field label={t("org.street")} value={v.street} onChange={(x) => d.set("street", x)} error={cmd.fieldError("street")} autoComplete="off" />
              <Field label={t("org.city")} value={v.city} onChange={(x) => d.set("city", x)} error={cmd.fieldError("city")} autoComplete="off" />
              <Field label={t("org.county")} value={v.county} onChange={(x) => d.set("county", x)} error={cmd.fieldError("county")} autoComplete="off" />
              <Field label={t("org.postalCode")} value={v.postal_code} onChange={(x) => d.set("postal_code", x)} error={cmd.fieldError("postal_code")} autoComplete="off" />
            </div>
          </>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={cmd.pending}>
            {person ? t("save") : t("admin.register")}
          </button>
          {person && (
            <button type="button" onClick={onDone}>
              {t("cancel")}
            </button>
          )}
        </div>
      </Form>
    </section>
  );
}

function AccountsTab() {
  const i18n = useI18n();
  const { t } = i18n;
  const people = usePeople();
  const q = useOrgQuery<Page<Account>>(["accounts"], "/accounts", { limit: 500 });
  return (
    <>
      <Loaded q={q}>
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("admin.accounts")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("field.email")}</th>
                  <th scope="col">{t("field.person")}</th>
                  <th scope="col">{t("field.status")}</th>
                  <th scope="col">{t("admin.lastLogin")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((a) => (
                  <AccountRow key={a.account_id} a={a} name={people.name(a.person_id)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <OpenAccount people={people.list} />
    </>
  );
}

function AccountRow({ a, name }: { a: Account; name: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const cmd = useCommand();
  return (
    <tr>
      <td>{a.email}</td>
      <td>{name}</td>
      <td>{a.enabled ? t("admin.enabled") : t("admin.disabled")}</td>
      <td>{i18n.dateTime(a.last_login_at)}</td>
      <td>
        <button
          type="button"
          className={`small ${a.enabled ? "danger" : ""}`}
          disabled={cmd.pending}
          onClick={() => void cmd.run("POST", `/accounts/${a.account_id}/${a.enabled ? "disable" : "enable"}`, {})}
        >
          {a.enabled ? t("admin.disable") : t("admin.enable")}
        </button>
        <ErrorMessage error={cmd.error} />
      </td>
    </tr>
  );
}

function OpenAccount({ people }: { people: Person[] }) {
  const { t } = useI18n();
  const d = useDraft("account.new", { person_id: "", email: "" });
  const [password, setPassword] = useState(""); // never kept in storage
  const cmd = useCommand({ fields: ["person_id", "email", "password"], fieldOf: (e) => (e.code.includes("PASSWORD") ? "password" : e.code === "duplicate_email" ? "email" : undefined) });
  return (
    <section className="card" aria-labelledby="open-account">
      <h2 id="open-account">{t("admin.openAccount")}</h2>
      <Form
        label={t("admin.openAccount")}
        error={cmd.formError}
        onSubmit={async () => {
          if (await cmd.run("POST", "/accounts", { ...d.values, password })) {
            d.reset();
            setPassword("");
          }
        }}
      >
        <div className="row3">
          <SelectField
            label={t("field.person")}
            value={d.values.person_id}
            onChange={(x) => {
              d.set("person_id", x);
              const p = people.find((y) => y.person_id === x);
              if (p?.email && !d.values.email) d.set("email", p.email);
            }}
            options={people.map((p) => ({ value: p.person_id, label: `${p.given_name} ${p.family_name}` }))}
            empty="—"
            error={cmd.fieldError("person_id")}
          />
          <Field label={t("field.email")} type="email" value={d.values.email} onChange={(x) => d.set("email", x)} error={cmd.fieldError("email")} autoComplete="off" />
          <Field label={t("field.password")} type="password" value={password} onChange={setPassword} error={cmd.fieldError("password")} autoComplete="new-password" hint={t("hint.password")} />
        </div>
        <button type="submit" className="primary" disabled={cmd.pending}>
          {t("admin.openAccount")}
        </button>
      </Form>
    </section>
  );
}

function GroupsTab() {
  const { t } = useI18n();
  const q = useOrgQuery<Page<Group>>(["groups"], "/groups", { limit: 200 });
  const accounts = useOrgQuery<Page<Account>>(["accounts"], "/accounts", { limit: 500 });
  const people = usePeople();
  const [open, setOpen] = useState<string | null>(null);
  const accountOptions = (accounts.data?.items ?? []).map((a) => ({ value: a.account_id, label: `${people.name(a.person_id)} (${a.email})` }));
  return (
    <>
      <Loaded q={q}>
        {(page) => (
          <ul className="groups">
            {page.items.map((g) => (
              <li key={g.group_id} className="card">
                <h2>
                  <button type="button" className="link" aria-expanded={open === g.group_id} onClick={() => setOpen(open === g.group_id ? null : g.group_id)}>
                    {g.name}
                  </button>{" "}
                  <span className="muted">({t("admin.members", { n: g.member_count })})</span>
                </h2>
                {open === g.group_id && <GroupDetail group={g} accountOptions={accountOptions} accountName={(id) => accountOptions.find((a) => a.value === id)?.label ?? id.slice(0, 8)} />}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <NewGroup />
    </>
  );
}

function GroupDetail({ group, accountOptions, accountName }: { group: Group; accountOptions: { value: string; label: string }[]; accountName: (id: string) => string }) {
  const { t } = useI18n();
  const members = useOrgQuery<Page<{ account_id: string }>>(["group-members", group.group_id], `/groups/${group.group_id}/members`, { limit: 500 });
  const rename = useDraft(`group.rename.${group.group_id}`, { name: group.name });
  const renameCmd = useCommand({ fields: ["name"] });
  const add = useDraft(`group.add.${group.group_id}`, { account_id: "" });
  const addCmd = useCommand({ fields: ["account_id"] });
  const removeCmd = useCommand();
  return (
    <div>
      <Loaded q={members}>
        {(page) => (
          <ul>
            {page.items.map((m) => (
              <li key={m.account_id}>
                {accountName(m.account_id)}{" "}
                <button type="button" className="small danger" disabled={removeCmd.pending} onClick={() => void removeCmd.run("DELETE", `/groups/${group.group_id}/members/${m.account_id}`)}>
                  {t("remove")}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <ErrorMessage error={removeCmd.error} />
      <Form label={t("admin.addMember")} error={addCmd.formError} className="inline" onSubmit={async () => {
        if (await addCmd.run("POST", `/groups/${group.group_id}/members`, add.values)) add.reset();
      }}>
        <SelectField label={t("field.account")} value={add.values.account_id} onChange={(x) => add.set("account_id", x)} options={accountOptions} empty="—" error={addCmd.fieldError("account_id")} />
        <button type="submit" disabled={addCmd.pending}>{t("admin.addMember")}</button>
      </Form>
      <Form label={t("admin.rename")} error={renameCmd.formError} className="inline" onSubmit={async () => {
        if (await renameCmd.run("PATCH", `/groups/${group.group_id}`, rename.values)) rename.reset({ name: rename.values.name });
      }}>
        <Field label={t("field.name")} value={rename.values.name} onChange={(x) => rename.set("name", x)} error={renameCmd.fieldError("name")} />
        <button type="submit" disabled={renameCmd.pending}>{t("admin.rename")}</button>
      </Form>
    </div>
  );
}

function NewGroup() {
  const { t } = useI18n();
  const d = useDraft("group.new", { name: "" });
  const cmd = useCommand({ fields: ["name"] });
  return (
    <section className="card" aria-labelledby="new-group">
      <h2 id="new-group">{t("admin.newGroup")}</h2>
      <Form label={t("admin.newGroup")} error={cmd.formError} className="inline" onSubmit={async () => {
        if (await cmd.run("POST", "/groups", d.values)) d.reset();
      }}>
        <Field label={t("field.name")} value={d.values.name} onChange={(x) => d.set("name", x)} error={cmd.fieldError("name")} />
        <button type="submit" className="primary" disabled={cmd.pending}>{t("admin.createGroup")}</button>
      </Form>
    </section>
  );
}

function GrantsTab() {
  const i18n = useI18n();
  const { t } = i18n;
  const q = useOrgQuery<Page<GrantView>>(["grants"], "/grants", { limit: 500 });
  const accounts = useOrgQuery<Page<Account>>(["accounts"], "/accounts", { limit: 500 });
  const groups = useOrgQuery<Page<Group>>(["groups"], "/groups", { limit: 200 });
  const people = usePeople();
  const { list: projects } = useProjects();
  const subjectName = (s: { kind: string; id: string }) => {
    if (s.kind === "account") {
      const a = accounts.data?.items.find((x) => x.account_id === s.id);
      return a ? `${people.name(a.person_id)} (${a.email})` : s.id.slice(0, 8);
    }
    if (s.kind === "group") return groups.data?.items.find((x) => x.group_id === s.id)?.name ?? s.id.slice(0, 8);
    return `${t("field.contract")} ${s.id.slice(0, 8)}`;
  };
  return (
    <>
      <Loaded q={q}>
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("admin.grants")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("admin.subject")}</th>
                  <th scope="col">{t("field.role")}</th>
                  <th scope="col">{t("admin.scope")}</th>
                  <th scope="col">{t("admin.expires")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((g) => (
                  <GrantRow
                    key={g.grant_id}
                    g={g}
                    subject={`${t(`subject.${g.subject.kind}` as never)}: ${subjectName(g.subject)}`}
                    scope={g.project_id ? projects.find((p) => p.project_id === g.project_id)?.acronym ?? g.project_id.slice(0, 8) : t("admin.wholeOrg")}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <NewGrant
        accounts={(accounts.data?.items ?? []).map((a) => ({ value: a.account_id, label: `${people.name(a.person_id)} (${a.email})` }))}
        groups={(groups.data?.items ?? []).map((g) => ({ value: g.group_id, label: g.name }))}
        projects={projects.map((p) => ({ value: p.project_id, label: p.acronym }))}
      />
    </>
  );
}

function GrantRow({ g, subject, scope }: { g: GrantView; subject: string; scope: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const cmd = useCommand();
  return (
    <tr className={g.active ? "" : "muted"}>
      <td>{subject}</td>
      <td>{t(`role.${g.role}` as never)}</td>
      <td>{scope}</td>
      <td>{g.expires_at ? i18n.dateTime(g.expires_at) : "—"}</td>
      <td>
        <button type="button" className="small danger" disabled={cmd.pending} onClick={() => void cmd.run("DELETE", `/grants/${g.grant_id}`, {})}>
          {t("admin.revoke")}
        </button>
        <ErrorMessage error={cmd.error} />
      </td>
    </tr>
  );
}

function NewGrant({ accounts, groups, projects }: { accounts: { value: string; label: string }[]; groups: { value: string; label: string }[]; projects: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const d = useDraft("grant.new", { kind: "account", id: "", role: "member", project_id: "", expires_at: "" });
  const cmd = useCommand({ fields: ["subject", "role", "project_id", "expires_at"], fieldOf: (e) => (e.field?.startsWith("subject") ? "subject" : e.code.includes("EXPIR") ? "expires_at" : undefined) });
  const v = d.values;
  return (
    <section className="card" aria-labelledby="new-grant">
      <h2 id="new-grant">{t("admin.grantRole")}</h2>
      <Form
        label={t("admin.grantRole")}
        error={cmd.formError}
        onSubmit={async () => {
          const body: Record<string, unknown> = { subject: { kind: v.kind, id: v.id }, role: v.role };
          if (v.project_id) body.project_id = v.project_id;
          if (v.expires_at) body.expires_at = new Date(v.expires_at + "T23:59:59").toISOString();
          if (await cmd.run("POST", "/grants", body)) d.reset();
        }}
      >
        <div className="row3">
          <SelectField
            label={t("admin.subjectKind")}
            value={v.kind}
            onChange={(x) => d.setAll({ ...v, kind: x, id: "" })}
            options={[
              { value: "account", label: t("subject.account") },
              { value: "group", label: t("subject.group") },
            ]}
          />
          <SelectField label={t("admin.subject")} value={v.id} onChange={(x) => d.set("id", x)} options={v.kind === "group" ? groups : accounts} empty="—" error={cmd.fieldError("subject")} />
          <SelectField label={t("field.role")} value={v.role} onChange={(x) => d.set("role", x)} options={roles.map((r) => ({ value: r, label: t(`role.${r}` as never) }))} error={cmd.fieldError("role")} />
          <SelectField label={t("admin.scope")} value={v.project_id} onChange={(x) => d.set("project_id", x)} options={projects} empty={t("admin.wholeOrg")} error={cmd.fieldError("project_id")} />
          <Field label={t("admin.expires")} type="date" value={v.expires_at} onChange={(x) => d.set("expires_at", x)} error={cmd.fieldError("expires_at")} />
        </div>
        <button type="submit" className="primary" disabled={cmd.pending}>
          {t("admin.grant")}
        </button>
      </Form>
    </section>
  );
}
