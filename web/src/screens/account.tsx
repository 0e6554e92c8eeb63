// The caller's own account: who they are, their roles, and a new password.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ApiError } from "../api";
import { useApp, useCommand, useDraft } from "../app_context";
import { useI18n } from "../i18n";
import { ErrorMessage, Field, Form, Loaded, PageTitle } from "../ui";

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
      <Tokens />
    </section>
  );
}

interface Token {
  token_id: string;
  name: string;
  expires_at?: string;
  revoked_at?: string;
  created_at: string;
}

/** Tokens: the caller's API tokens (cra_…, for scripts), issued and revoked here; a new one is shown once. */
function Tokens() {
  const i18n = useI18n();
  const { t } = i18n;
  const { client, orgId } = useApp();
  const q = useQuery<{ items: Token[] }, ApiError>({
    queryKey: ["org", orgId, "tokens"],
    queryFn: () => client.get("/account/tokens"),
  });
  const d = useDraft("token.new", { name: "", expires: "" });
  const issue = useCommand({ fields: ["name", "expires_at"] });
  const revoke = useCommand();
  const [fresh, setFresh] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="tokens">
      <h2 id="tokens">{t("account.tokens")}</h2>
      <Loaded q={q}>
        {(page) => (
          <ul>
            {page.items.length === 0 && <li>{t("none")}</li>}
            {page.items.map((tok) => (
              <li key={tok.token_id} className={tok.revoked_at ? "cancelled" : ""}>
                {tok.name} · {i18n.dateTime(tok.created_at)}
                {tok.expires_at ? ` · ${t("admin.expires")} ${i18n.dateTime(tok.expires_at)}` : ""}
                {tok.revoked_at ? ` · ${t("account.revoked")}` : (
                  <>
                    {" "}
                    <button type="button" className="small danger" disabled={revoke.pending} onClick={() => void revoke.run("DELETE", `!/account/tokens/${tok.token_id}`)}>
                      {t("admin.revoke")}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <ErrorMessage error={revoke.error} />
      <Form
        label={t("account.issue")}
        error={issue.formError}
        className="inline"
        onSubmit={async () => {
          setFresh(null);
          const body: Record<string, string> = { name: d.values.name };
          if (d.values.expires) body.expires_at = new Date(d.values.expires + "T23:59:59").toISOString();
          const r = await issue.run<{ token: string }>("POST", "!/account/tokens", body);
          if (r) {
            d.reset();
            setFresh(r.token);
          }
        }}
      >
        <Field label={t("account.tokenName")} value={d.values.name} onChange={(x) => d.set("name", x)} error={issue.fieldError("name")} />
        <Field label={t("account.tokenExpires")} type="date" value={d.values.expires} onChange={(x) => d.set("expires", x)} error={issue.fieldError("expires_at")} />
        <button type="submit" disabled={issue.pending}>
          {t("account.issue")}
        </button>
      </Form>
      {fresh && (
        <p role="status">
          {t("account.tokenOnce")} <code>{fresh}</code>
        </p>
      )}
    </section>
  );
}
