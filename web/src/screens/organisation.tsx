// The organisation's details and its calendar: the legal holidays the
// server computes, and the extra days off the organisation adds or removes.
import { useState } from "react";
import { useCommand, useDraft, useOrgQuery } from "../app_context";
import type { CalendarDay } from "../data";
import { useI18n } from "../i18n";
import { ErrorMessage, Field, Form, Loaded, SelectField } from "../ui";

interface Organization {
  org_id: string;
  legal_name: string;
  registration_code: string;
  vat_payer: boolean;
  address: { street?: string; city?: string; county?: string; postal_code?: string; country?: string };
  kind: string;
  version: number;
}

const kinds = ["beneficiary", "partner", "public_body"];

export function OrganisationTab() {
  const q = useOrgQuery<Organization>(["organization"], "");
  return (
    <>
      <Loaded q={q}>{(o) => <OrgForm key={o.version} org={o} />}</Loaded>
      <CalendarDays />
    </>
  );
}

function OrgForm({ org }: { org: Organization }) {
  const { t } = useI18n();
  const init = {
    legal_name: org.legal_name,
    registration_code: org.registration_code,
    vat_payer: org.vat_payer ? "true" : "false",
    kind: org.kind,
    street: org.address.street ?? "",
    city: org.address.city ?? "",
    county: org.address.county ?? "",
    postal_code: org.address.postal_code ?? "",
    country: org.address.country ?? "",
  };
  const d = useDraft(`org.${org.org_id}.${org.version}`, init);
  const cmd = useCommand({
    fields: ["legal_name", "registration_code", "kind", "street", "city", "county", "postal_code", "country"],
    fieldOf: (e) => (e.field?.startsWith("address.") ? e.field.slice(8) : e.code.includes("CUI") ? "registration_code" : undefined),
  });
  const [saved, setSaved] = useState(false);
  const v = d.values;
  return (
    <section className="card" aria-labelledby="org-details">
      <h2 id="org-details">{t("org.details")}</h2>
      <Form
        label={t("org.details")}
        error={cmd.formError}
        onSubmit={async () => {
          setSaved(false);
          const address: Record<string, string> = {};
          for (const k of ["street", "city", "county", "postal_code", "country"] as const) if (v[k]) address[k] = v[k];
          const body = { legal_name: v.legal_name, registration_code: v.registration_code, vat_payer: v.vat_payer === "true", kind: v.kind, address };
          if (await cmd.run("PATCH", "", body)) {
            d.reset();
            setSaved(true);
          }
        }}
      >
        <div className="row3">
          <Field label={t("org.legalName")} value={v.legal_name} onChange={(x) => d.set("legal_name", x)} error={cmd.fieldError("legal_name")} />
          <Field label={t("org.cui")} value={v.registration_code} onChange={(x) => d.set("registration_code", x)} inputMode="numeric" error={cmd.fieldError("registration_code")} />
          <SelectField label={t("org.kind")} value={v.kind} onChange={(x) => d.set("kind", x)} options={kinds.map((k) => ({ value: k, label: t(`org.kind.${k}` as never) }))} error={cmd.fieldError("kind")} />
          <SelectField
            label={t("org.vat")}
            value={v.vat_payer}
            onChange={(x) => d.set("vat_payer", x)}
            options={[
              { value: "true", label: t("yes") },
              { value: "false", label: t("no") },
            ]}
          />
        </div>
        <div className="row3">
          <Field label={t("org.street")} value={v.street} onChange={(x) => d.set("street", x)} error={cmd.fieldError("street")} />
          <Field label={t("org.city")} value={v.city} onChange={(x) => d.set("city", x)} error={cmd.fieldError("city")} />
          <Field label={t("org.county")} value={v.county} onChange={(x) => d.set("county", x)} error={cmd.fieldError("county")} />
          <Field label={t("org.postalCode")} value={v.postal_code} onChange={(x) => d.set("postal_code", x)} error={cmd.fieldError("postal_code")} />
          <Field label={t("field.country")} value={v.country} onChange={(x) => d.set("country", x)} maxLength={2} error={cmd.fieldError("country")} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={cmd.pending}>
            {t("save")}
          </button>
          {saved && <span role="status">{t("saved")}</span>}
        </div>
      </Form>
    </section>
  );
}

function CalendarDays() {
  const i18n = useI18n();
  const { t } = i18n;
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const valid = /^\d{4}$/.test(year);
  const q = useOrgQuery<{ days: CalendarDay[] }>(["calendar", year], "/calendar", { year }, valid);
  const d = useDraft("calendar.new", { date: "", name: "", name_ro: "" });
  const add = useCommand({ fields: ["date", "name", "name_ro"] });
  const remove = useCommand();
  return (
    <section className="card" aria-labelledby="calendar">
      <h2 id="calendar">{t("org.calendar")}</h2>
      <div className="filters">
        <Field label={t("org.year")} value={year} onChange={setYear} inputMode="numeric" maxLength={4} />
      </div>
      {valid && (
        <Loaded q={q}>
          {(c) => (
            <ul>
              {c.days.map((day) => (
                <li key={day.date}>
                  {i18n.date(day.date)} ({i18n.weekday(day.date)}): {i18n.lang === "ro" ? day.name_ro : day.name}
                  {day.legal ? ` · ${t("org.legal")}` : ""}
                  {day.extra && (
                    <>
                      {" "}
                      · {t("org.extra")}{" "}
                      <button type="button" className="small danger" disabled={remove.pending} onClick={() => void remove.run("DELETE", `/calendar/days/${day.date}`)}>
                        {t("remove")}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      )}
      <ErrorMessage error={remove.error} />
      <Form
        label={t("org.addDay")}
        error={add.formError}
        className="inline"
        onSubmit={async () => {
          const body: Record<string, string> = { date: d.values.date, name: d.values.name };
          if (d.values.name_ro) body.name_ro = d.values.name_ro;
          if (await add.run("POST", "/calendar/days", body)) d.reset();
        }}
      >
        <Field label={t("org.day")} type="date" value={d.values.date} onChange={(x) => d.set("date", x)} error={add.fieldError("date")} />
        <Field label={t("org.dayName")} value={d.values.name} onChange={(x) => d.set("name", x)} error={add.fieldError("name")} />
        <Field label={t("org.dayNameRo")} value={d.values.name_ro} onChange={(x) => d.set("name_ro", x)} error={add.fieldError("name_ro")} />
        <button type="submit" disabled={add.pending}>
          {t("org.addDay")}
        </button>
      </Form>
    </section>
  );
}
