// The global audit log: every event of the caller's organisations, newest
// first, filtered by actor, stream, category, type and time, page by page;
// each row's stream opens that entity's history (screens/history.tsx).
import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ApiError } from "../api";
import { useApp } from "../app_context";
import { useProjects } from "../data";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { historyPath } from "./history";
import { ErrorMessage, Field, PageTitle, SelectField } from "../ui";

interface AuditEntry {
  event_id: string;
  stream_id: string;
  version: number;
  position: string;
  type: string;
  actor_id?: string;
  org_id?: string;
  recorded_at: string;
  data?: unknown;
}

export function AuditScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const { client, orgId } = useApp();
  const [draft, setDraft] = useState({ stream: "", category: "", type: "", actor: "", project: "", from: "", to: "" });
  const projects = useProjects();
  const [filters, setFilters] = useState(draft);
  const q = useInfiniteQuery<{ items: AuditEntry[]; next_cursor: string | null }, ApiError>({
    queryKey: ["org", orgId, "audit", filters],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      client.get("/audit/events", {
        org: orgId,
        stream: filters.stream,
        category: filters.category,
        type: filters.type,
        actor: filters.actor,
        project: filters.project,
        from: filters.from ? new Date(filters.from).toISOString() : "",
        to: filters.to ? new Date(filters.to).toISOString() : "",
        limit: 50,
        cursor: pageParam as string,
      }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const set = (k: keyof typeof draft) => (v: string) => setDraft({ ...draft, [k]: v });
  return (
    <section>
      <PageTitle>{t("audit.title")}</PageTitle>
      <form
        className="filters"
        role="search"
        aria-label={t("audit.filters")}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <Field label={t("audit.stream")} value={draft.stream} onChange={set("stream")} />
        <Field label={t("audit.category")} value={draft.category} onChange={set("category")} />
        <Field label={t("audit.type")} value={draft.type} onChange={set("type")} />
        <Field label={t("audit.actor")} value={draft.actor} onChange={set("actor")} />
        <SelectField
          label={t("audit.project")}
          value={draft.project}
          onChange={set("project")}
          empty={t("audit.anyProject")}
          options={projects.list.map((p) => ({ value: p.project_id, label: `${p.acronym} — ${p.title}` }))}
        />
        <Field label={t("field.from")} type="datetime-local" value={draft.from} onChange={set("from")} />
        <Field label={t("field.to")} type="datetime-local" value={draft.to} onChange={set("to")} />
        <button type="submit" className="primary">
          {t("audit.apply")}
        </button>
      </form>
      {q.isError && <ErrorMessage error={q.error} />}
      {q.isPending && <p role="status">{t("loading")}</p>}
      {q.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.type")}</th>
                <th scope="col">{t("audit.stream")}</th>
                <th scope="col" className="num">{t("audit.version")}</th>
                <th scope="col">{t("audit.actor")}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.pages.flatMap((p) => p.items).map((e) => (
                <tr key={e.event_id}>
                  <td>{i18n.dateTime(e.recorded_at)}</td>
                  <td>
                    <code>{e.type}</code>
                  </td>
                  <td>
                    {/* The stream id opens the entity's history; the button beside it narrows the log to the stream. */}
                    <Link to={historyPath(e.stream_id)}>{e.stream_id}</Link>{" "}
                    <button
                      type="button"
                      className="link small"
                      aria-label={t("audit.onlyThisOf", { stream: e.stream_id })}
                      onClick={() => {
                        const next = { ...draft, stream: e.stream_id };
                        setDraft(next);
                        setFilters(next);
                      }}
                    >
                      {t("audit.onlyThis")}
                    </button>
                  </td>
                  <td className="num">{e.version}</td>
                  <td>{e.actor_id ? e.actor_id.slice(0, 8) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.hasNextPage && (
        <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {t("audit.more")}
        </button>
      )}
    </section>
  );
}
