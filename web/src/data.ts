// The read models' shapes the screens use (cmd/cronica/openapi/*.json), and
// small hooks over the lists most screens share.
import type { Finding } from "./api";
import { useOrgQuery } from "./app_context";

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Person {
  person_id: string;
  given_name: string;
  family_name: string;
  email?: string;
  /** Only for callers with people.personal_data.read; once erased, only the server's marker. */
  personal?: PersonalData;
  version: number;
}

export interface PersonalData {
  cnp?: string;
  email?: string;
  phone?: string;
  address?: { street?: string; city?: string; county?: string; postal_code?: string; country?: string };
  erased?: boolean;
  message?: string;
  message_ro?: string;
}

export interface Account {
  account_id: string;
  person_id: string;
  email: string;
  enabled: boolean;
  last_login_at?: string;
  version: number;
}

export interface Group {
  group_id: string;
  name: string;
  member_count: number;
}

export interface GrantView {
  grant_id: string;
  subject: { kind: string; id: string };
  role: string;
  scope: string;
  project_id?: string;
  active: boolean;
  expires_at?: string;
  not_before?: string;
  granted_at: string;
}

export interface ProjectRules {
  daily_cap_minutes: number;
  weekly_cap_minutes: number;
  hours_per_day: string;
  rate_method: string;
  eu_grant: boolean;
}

export interface Project {
  project_id: string;
  programme: string;
  title: string;
  acronym: string;
  grant_number?: string;
  smis_code?: string;
  start: string;
  end: string;
  rules: ProjectRules;
  version: number;
}

export interface Activity {
  activity_id: string;
  work_package_id: string;
  code: string;
  title: string;
  start?: string;
  end?: string;
}

export interface ProjectDetail extends Project {
  work_packages: { work_package_id: string; code: string; title: string; activities: Activity[] }[];
  partners: { partner_id: string; name: string; country?: string; partner_org_id?: string }[];
  budget: { category: string; partner_id?: string; amount_cents: number }[];
  members: { person_id: string; role: string; since?: string }[];
}

export interface Terms {
  effective_from: string;
  position: string;
  cor_code: string;
  staff_category?: string;
  daily_norm_minutes?: number;
  working_time_factor: string;
  gross_monthly_cents?: number;
  hourly_cost_cents?: number;
  currency: string;
  supervisor_id?: string;
}

export interface Contract {
  contract_id: string;
  person_id: string;
  number: string;
  type: string;
  start: string;
  end?: string;
  terms: Terms;
  terms_history: Terms[];
  version: number;
}

export interface Assignment {
  assignment_id: string;
  person_id: string;
  contract_id: string;
  project_id: string;
  activity_ids: string[];
  role: string;
  category?: string;
  start: string;
  end?: string;
}

export interface PersonContracts {
  person_id: string;
  contracts: Contract[];
  assignments: Assignment[];
}

export interface Leave {
  leave_id: string;
  person_id: string;
  kind: string;
  start: string;
  end: string;
  note?: string;
  cancelled_at?: string;
  cancel_reason?: string;
}

export interface CalendarDay {
  date: string;
  name: string;
  name_ro: string;
  legal: boolean;
  extra: boolean;
}

export interface Entry {
  entry_id: string;
  date: string;
  project_id?: string;
  project_acronym?: string;
  work_package_code?: string;
  activity_id?: string;
  activity_code?: string;
  activity_title?: string;
  minutes: number;
  start?: string;
  end?: string;
  break_minutes?: number;
  description?: string;
  reason?: string;
}

export interface Signature {
  person_id: string;
  account_id?: string;
  at: string;
  as?: string;
}

export interface TimesheetDetail {
  timesheet_id: string;
  person_id: string;
  month: string;
  status: string;
  total_minutes: number;
  entries: Entry[];
  days: { date: string; minutes: number }[];
  warnings: Finding[];
  signatures: Record<"submitted" | "approved" | "rejected" | "locked", Signature | null>;
  reopenings: { signature: Signature; from: string; reason: string }[];
  /** The person's leave in force in the month (kind and days), for whoever may read it. */
  leave: { kind: string; start: string; end: string }[];
  version: number;
}

export interface TimesheetSummary {
  timesheet_id: string;
  person_id: string;
  month: string;
  status: string;
  total_minutes: number;
  warning_count: number;
  reopen_count: number;
  updated_at: string;
}

/** usePeople reads the organisation's people, for names; a caller without people.read gets ids. */
export function usePeople() {
  const q = useOrgQuery<Page<Person>>(["people"], "/people", { limit: 500 });
  const byId = new Map<string, Person>();
  q.data?.items.forEach((p) => byId.set(p.person_id, p));
  return {
    query: q,
    list: q.data?.items ?? [],
    name: (id: string | undefined) => {
      if (!id) return "—";
      const p = byId.get(id);
      return p ? `${p.given_name} ${p.family_name}` : id.slice(0, 8);
    },
  };
}

/** useProjects reads the organisation's projects. */
export function useProjects() {
  const q = useOrgQuery<Page<Project>>(["projects"], "/projects", { limit: 200 });
  return { query: q, list: q.data?.items ?? [] };
}

/** monthDays lists the days of "YYYY-MM" as "YYYY-MM-DD". */
export function monthDays(month: string): string[] {
  const [y, m] = month.split("-").map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

export function isWeekend(iso: string): boolean {
  const [y, m, d] = iso.split("-").map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 || wd === 6;
}
