// The caller's notifications: every one of them (the bell's panel shows the
// latest), and the settings that decide which reach them, where and when:
// per kind in the app, by e-mail and by SMS, quiet hours, the language and
// time zone of mail and texts. The rules are the server's
// (PUT /me/notification-preferences): its refusals appear next to the field
// they name, and what was typed stays (useDraft) until it accepts.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ApiError } from "../api";
import { useApp, useCommand, useDraft } from "../app_context";
import { useI18n } from "../i18n";
import { NotificationList, unreadCount, useMarkRead, useUnread } from "../notifications";
import { Link, useLocation, useNavigate } from "../router";
import { ErrorMessage, Field, Form, Loaded, PageTitle, SelectField } from "../ui";

/**
 * NotificationsScreen lists every notification of the caller, the unread
 * ones alone on request. As the other lists, it keeps its choices in the
 * URL: ?unread=1, and ?limit= for the page size (1 to 100, 30 by default).
 */
export function NotificationsScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const unread = useUnread();
  const mark = useMarkRead();
  const { search } = useLocation();
  const navigate = useNavigate();
  const unreadOnly = search.get("unread") === "1";
  const asked = Number(search.get("limit"));
  const limit = Number.isInteger(asked) && asked >= 1 && asked <= 100 ? asked : 30;
  const setUnreadOnly = (on: boolean) => {
    const p = new URLSearchParams(search);
    if (on) p.set("unread", "1");
    else p.delete("unread");
    navigate(`/notifications${p.toString() ? "?" + p.toString() : ""}`, true);
  };
  const count = unread.data?.unread;
  return (
    <section>
      <PageTitle sub={count === undefined ? undefined : <span>{unreadCount(i18n, count)}</span>}>{t("notify.title")}</PageTitle>
      <div className="actions">
        <div className="lang" role="group" aria-label={t("notify.show")}>
          <button type="button" aria-pressed={!unreadOnly} onClick={() => setUnreadOnly(false)}>
            {t("all")}
          </button>
          <button type="button" aria-pressed={unreadOnly} onClick={() => setUnreadOnly(true)}>
            {t("notify.onlyUnread")}
          </button>
        </div>
        <button type="button" disabled={!count || mark.cmd.pending} onClick={() => void mark.all()}>
          {t("notify.markAll")}
        </button>
        <Link to="/settings/notifications">{t("notify.settings")}</Link>
      </div>
      <ErrorMessage error={mark.cmd.error} />
      <div className="card">
        <NotificationList limit={limit} unreadOnly={unreadOnly} onOpen={mark.one} />
      </div>
    </section>
  );
}

interface Channels {
  in_app: boolean;
  email: boolean;
  sms: boolean;
}

interface Preferences {
  language: string;
  time_zone: string;
  quiet_hours: { start?: string; end?: string };
  channels: Record<string, Channels>;
  saved: boolean;
  kinds: { kind: string; label: string; urgent: boolean }[];
}

const channels: (keyof Channels)[] = ["in_app", "email", "sms"];

/** NotificationSettingsScreen reads the caller's settings (the defaults until saved) and edits them. */
export function NotificationSettingsScreen() {
  const { t, lang } = useI18n();
  const { client } = useApp();
  const q = useQuery<Preferences, ApiError>({
    queryKey: ["me", "notification-preferences", lang], // the kinds' names are in the language asked for
    queryFn: () => client.get("/me/notification-preferences"),
  });
  // Kept here: the form is drawn anew for the settings it saved.
  const [saved, setSaved] = useState(false);
  return (
    <section>
      <PageTitle sub={<Link to="/notifications">{t("notify.all")}</Link>}>{t("notify.settingsTitle")}</PageTitle>
      <Loaded q={q}>{(p) => <SettingsForm key={fingerprint(p)} prefs={p} saved={saved} setSaved={setSaved} />}</Loaded>
    </section>
  );
}

/** fingerprint names one state of the saved settings: a draft belongs to the state it was typed over. */
function fingerprint(p: Preferences): string {
  const s = JSON.stringify([p.language, p.time_zone, p.quiet_hours, p.kinds.map((k) => p.channels[k.kind])]);
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

/** The form's values as strings (useDraft keeps strings): a channel is "on" or "". */
function valuesOf(p: Preferences): Record<string, string> {
  const v: Record<string, string> = {
    language: p.language,
    time_zone: p.time_zone,
    quiet_start: p.quiet_hours.start ?? "",
    quiet_end: p.quiet_hours.end ?? "",
  };
  for (const k of p.kinds) for (const c of channels) v[`${k.kind}.${c}`] = p.channels[k.kind]?.[c] ? "on" : "";
  return v;
}

function zones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (what: string) => string[] }).supportedValuesOf;
  try {
    return supported ? supported("timeZone") : [];
  } catch {
    return [];
  }
}

function SettingsForm({ prefs, saved, setSaved }: { prefs: Preferences; saved: boolean; setSaved: (b: boolean) => void }) {
  const { t } = useI18n();
  const d = useDraft(`notify.settings.${fingerprint(prefs)}`, valuesOf(prefs));
  const cmd = useCommand({
    fields: ["language", "time_zone", "quiet_hours", "channels"],
    fieldOf: (e) => (e.code === "NOTIFY_QUIET_HOURS_INVALID" ? "quiet_hours" : e.code === "NOTIFY_TIME_ZONE_UNKNOWN" ? "time_zone" : undefined),
  });
  const v = d.values;
  const quietError = cmd.fieldError("quiet_hours");
  const channelsError = cmd.fieldError("channels");
  return (
    <Form
      label={t("notify.settingsTitle")}
      className="settings"
      error={cmd.formError}
      onSubmit={async () => {
        setSaved(false);
        const body = {
          language: v.language,
          time_zone: v.time_zone,
          quiet_hours: v.quiet_start || v.quiet_end ? { start: v.quiet_start, end: v.quiet_end } : {},
          channels: Object.fromEntries(prefs.kinds.map((k) => [k.kind, Object.fromEntries(channels.map((c) => [c, v[`${k.kind}.${c}`] === "on"]))])),
        };
        if (await cmd.run("PUT", "!/me/notification-preferences", body)) {
          d.reset();
          setSaved(true);
        }
      }}
    >
      {!prefs.saved && <p className="muted">{t("notify.defaults")}</p>}
      <div className="row3">
        <SelectField
          label={t("notify.language")}
          value={v.language}
          onChange={(x) => d.set("language", x)}
          options={[
            { value: "ro", label: "Română" },
            { value: "en", label: "English" },
          ]}
          error={cmd.fieldError("language")}
        />
        <Field
          label={t("notify.timeZone")}
          value={v.time_zone}
          onChange={(x) => d.set("time_zone", x)}
          list="notify-zones"
          autoComplete="off"
          spellCheck={false}
          hint={t("notify.timeZoneHint")}
          error={cmd.fieldError("time_zone")}
        />
        <datalist id="notify-zones">
          {zones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <fieldset className={`quiet${quietError ? " invalid" : ""}`}>
        <legend>{t("notify.quiet")}</legend>
        <Field label={t("notify.quietStart")} type="time" value={v.quiet_start} onChange={(x) => d.set("quiet_start", x)} error={quietError} />
        <Field
          label={t("notify.quietEnd")}
          type="time"
          value={v.quiet_end}
          onChange={(x) => d.set("quiet_end", x)}
          aria-invalid={quietError ? true : undefined}
        />
        <button
          type="button"
          className="small"
          disabled={!v.quiet_start && !v.quiet_end}
          onClick={() => d.setAll((old) => ({ ...old, quiet_start: "", quiet_end: "" }))}
        >
          {t("notify.quietNone")}
        </button>
        <p className="hint muted">{t("notify.quietHint")}</p>
      </fieldset>
      <ErrorMessage error={channelsError} />
      <div className="table-wrap">
        <table className="channels" aria-invalid={channelsError ? true : undefined}>
          <caption>{t("notify.channels")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("notify.kind")}</th>
              {channels.map((c) => (
                <th scope="col" key={c} className="check">
                  {t(`notify.channel.${c}` as never)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {prefs.kinds.map((k) => (
              <tr key={k.kind}>
                <th scope="row">
                  <span className="label">{k.label}</span>
                  <span className="hint">{k.urgent ? t("notify.urgent") : t("notify.digest")}</span>
                </th>
                {channels.map((c) => {
                  const key = `${k.kind}.${c}`;
                  return (
                    <td key={c} className="check">
                      <input
                        type="checkbox"
                        checked={v[key] === "on"}
                        onChange={(e) => d.set(key, e.target.checked ? "on" : "")}
                        aria-label={`${k.label}: ${t(`notify.channel.${c}` as never)}`}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint muted">{t("notify.smsHint")}</p>
      <div className="actions">
        <button type="submit" className="primary" disabled={cmd.pending}>
          {t("notify.save")}
        </button>
        {saved && <span role="status">{t("saved")}</span>}
      </div>
    </Form>
  );
}
