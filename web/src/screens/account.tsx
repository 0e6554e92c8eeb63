// The caller's own account: who they are, their roles, and a new password.
import { useState } from "react";
import { useApp, useCommand } from "../app_context";
import { useI18n } from "../i18n";
import { Field, Form, PageTitle } from "../ui";

export function AccountScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useApp();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [done, setDone] = useState(false);
  const cmd = useCommand({ fields: ["current_password", "new_password"], fieldOf: (e) => (e.code === "invalid_credentials" ? "current_password" : e.code.includes("PASSWORD") ? "new_password" : undefined) });
  return (
    <section>
      <PageTitle>{t("account.title")}</PageTitle>
      <dl className="facts">
        <dt>{t("field.name")}</dt>
        <dd>
          {me.person.given_name} {me.person.family_name}
        </dd>
        <dt>{t("field.email")}</dt>
        <dd>{me.account.email}</dd>
        <dt>{t("account.organisation")}</dt>
        <dd>{me.organization.legal_name}</dd>
        <dt>{t("account.roles")}</dt>
        <dd>
          <ul>
            {me.grants
              .filter((g) => g.active)
              .map((g) => (
                <li key={g.grant_id}>
                  {t(`role.${g.role}` as never)}
                  {g.project_id ? ` (${g.project_id.slice(0, 8)})` : ""}
                  {g.expires_at ? ` · ${t("admin.expires")} ${i18n.dateTime(g.expires_at)}` : ""}
                </li>
              ))}
          </ul>
        </dd>
      </dl>
      <section className="card narrow" aria-labelledby="pw">
        <h2 id="pw">{t("account.changePassword")}</h2>
        <Form
          label={t("account.changePassword")}
          error={cmd.formError}
          onSubmit={async () => {
            setDone(false);
            if (await cmd.run("PUT", "!/account/password", { current_password: current, new_password: next })) {
              setCurrent("");
              setNext("");
              setDone(true);
            }
          }}
        >
          <Field label={t("field.currentPassword")} type="password" autoComplete="current-password" value={current} onChange={setCurrent} error={cmd.fieldError("current_password")} />
          <Field label={t("field.newPassword")} type="password" autoComplete="new-password" value={next} onChange={setNext} error={cmd.fieldError("new_password")} hint={t("hint.password")} />
          <button type="submit" className="primary" disabled={cmd.pending}>
            {t("account.changePassword")}
          </button>
          {done && <p role="status">{t("saved")}</p>}
        </Form>
      </section>
    </section>
  );
}
