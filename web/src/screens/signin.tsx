// Signing in, asking for a password-reset link, and setting a new password
// from the mailed link (/reset?account=…&token=…).
import { useState } from "react";
import { ApiError, type Client } from "../api";
import { useI18n } from "../i18n";
import { Link, useLocation, useNavigate } from "../router";
import { ErrorMessage, Field, Notice, PageTitle } from "../ui";

interface SessionInfo {
  account_id: string;
  org_id: string;
  csrf_token?: string;
}

export function SignIn({ client, onSignedIn, expired }: { client: Client; onSignedIn: (s: SessionInfo) => void; expired: boolean }) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      const s = await client.send<SessionInfo>("POST", "/session", { email, password });
      onSignedIn(s);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "network", ""));
    } finally {
      setPending(false);
    }
  };
  return (
    <section className="card narrow">
      <PageTitle>{t("signIn.title")}</PageTitle>
      {expired && <Notice>{t("signIn.expired")}</Notice>}
      <form
        noValidate
        aria-label={t("signIn.title")}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ErrorMessage error={error} />
        <Field label={t("field.email")} type="email" autoComplete="username" value={email} onChange={setEmail} required />
        <Field
          label={t("field.password")}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          required
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={pending}>
            {t("signIn.submit")}
          </button>
          <Link to="/forgot">{t("signIn.forgot")}</Link>
        </div>
      </form>
    </section>
  );
}

async function post(path: string, body: unknown, lang: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": lang },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "");
  }
  if (!res.ok) {
    const b = await res.json().catch(() => null);
    throw new ApiError(res.status, b?.error?.code ?? `http_${res.status}`, b?.error?.message ?? res.statusText, b?.error?.details ?? {});
  }
}

export function ForgotPassword() {
  const { t, lang } = useI18n();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState(false);
  return (
    <section className="card narrow">
      <PageTitle>{t("forgot.title")}</PageTitle>
      {sent ? (
        <Notice>{t("forgot.sent")}</Notice>
      ) : (
        <form
          noValidate
          aria-label={t("forgot.title")}
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            try {
              await post("/password-reset/request", { email }, lang);
              setSent(true);
            } catch (err) {
              setError(err as ApiError);
            }
          }}
        >
          <p>{t("forgot.intro")}</p>
          <Field
            label={t("field.email")}
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            error={error?.field === "email" ? error : null}
          />
          {error?.field !== "email" && <ErrorMessage error={error} />}
          <div className="actions">
            <button type="submit" className="primary">
              {t("forgot.submit")}
            </button>
          </div>
        </form>
      )}
      <p>
        <Link to="/">{t("signIn.back")}</Link>
      </p>
    </section>
  );
}

export function ResetPassword() {
  const { t, lang } = useI18n();
  const { search } = useLocation();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const account = search.get("account") ?? "";
  const token = search.get("token") ?? "";
  const mismatch = repeat !== "" && repeat !== password;
  return (
    <section className="card narrow">
      <PageTitle>{t("reset.title")}</PageTitle>
      {done ? (
        <>
          <Notice>{t("reset.done")}</Notice>
          <button type="button" className="primary" onClick={() => navigate("/", true)}>
            {t("signIn.title")}
          </button>
        </>
      ) : (
        <form
          noValidate
          aria-label={t("reset.title")}
          onSubmit={async (e) => {
            e.preventDefault();
            if (mismatch) return;
            setError(null);
            try {
              await post("/password-reset", { account_id: account, token, new_password: password }, lang);
              setDone(true);
            } catch (err) {
              setError(err as ApiError);
            }
          }}
        >
          {(!account || !token) && <p className="error" role="alert">{t("reset.badLink")}</p>}
          <Field
            label={t("field.newPassword")}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
            hint={t("hint.password")}
            error={error && (error.field === "new_password" || error.code.includes("PASSWORD")) ? error : null}
          />
          <Field
            label={t("field.repeatPassword")}
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={setRepeat}
            error={mismatch ? new ApiError(0, "mismatch", t("reset.mismatch")) : null}
          />
          {error && !(error.field === "new_password" || error.code.includes("PASSWORD")) && <ErrorMessage error={error} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={!account || !token}>
              {t("reset.submit")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
