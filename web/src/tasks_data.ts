// The Tasks read models' shapes (GET /task-lists, /task-lists/:list/board,
// /tasks, /tasks/:task, /task-filters; see the Tasks OpenAPI part) and the
// hooks the task screens share: every read is a query of the cache keyed by
// organisation, and a list's board and tasks are read with min_position =
// the last change pushed on `tasklist:<id>`, so a push never shows an older
// state than the one it announced.
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { ApiError, Query } from "./api";
import { useApp, useOrgQuery, type Me } from "./app_context";

export interface Column {
  column_id: string;
  name: string;
  done: boolean;
}

export interface TaskList {
  list_id: string;
  org_id: string;
  project_id?: string | null;
  owner_account_id?: string | null;
  name: string;
  columns: Column[];
  version: number;
}

export type Priority = "none" | "low" | "medium" | "high" | "urgent";

/** priorities in the server's order, the most pressing first. */
export const priorities: Priority[] = ["urgent", "high", "medium", "low", "none"];

/** Card is a task as a board and a filtered list show it. */
export interface Card {
  task_id: string;
  title: string;
  status: string;
  rank: string;
  priority: Priority;
  assignees: string[];
  labels: string[];
  due?: string | null;
  parent_id?: string | null;
  subtasks_total: number;
  subtasks_done: number;
  comment_count: number;
  blocked: boolean;
  /** Whether its column is a done column (the server's, since a search mixes lists). */
  done?: boolean;
  archived?: boolean;
  version: number;
}

export interface BoardColumn extends Column {
  tasks: Card[];
  total: number;
}

export interface Board {
  list: TaskList;
  columns: BoardColumn[];
  position?: string | number;
}

export interface TaskRef {
  task_id: string;
  title: string;
  status: string;
}

export interface TaskComment {
  comment_id: string;
  author_person_id: string;
  author_name?: string;
  body: string;
  body_html: string;
  mentions: string[];
  deleted: boolean;
  created_at: string;
  edited_at?: string | null;
}

export interface TaskTime {
  entry_id: string;
  person_id: string;
  date: string;
  minutes: number;
}

/** TaskView is one task with everything its drawer shows. */
export interface TaskView extends Card {
  list_id: string;
  project_id?: string | null;
  description: string;
  description_html: string;
  watchers: string[];
  start?: string | null;
  work_package_id?: string | null;
  activity_id?: string | null;
  archived: boolean;
  field_versions?: Record<string, number>;
  blocked_by: TaskRef[];
  blocks: TaskRef[];
  subtasks: Card[];
  comments: TaskComment[];
  time: TaskTime[];
}

/** FilterQuery is a saved filter's query (TaskFilterSaved.v1). */
export interface FilterQuery {
  list_ids?: string[];
  project_ids?: string[];
  assignees?: string[];
  statuses?: string[];
  labels?: string[];
  due_from?: string;
  due_to?: string;
  work_package_ids?: string[];
  text?: string;
  include_archived?: boolean;
}

export interface SavedFilter {
  filter_id: string;
  name: string;
  shared: boolean;
  owner_account_id: string;
  query: FilterQuery;
}

export interface TaskPage {
  items: Card[];
  next_cursor: string | null;
  as_of?: { asked: string; position: string | number } | null;
}

/** The fields a task's PATCH may change (TaskUpdated.v1). */
export const editableFields = [
  "title",
  "description",
  "priority",
  "assignees",
  "watchers",
  "labels",
  "start",
  "due",
  "work_package_id",
  "activity_id",
] as const;
export type EditableField = (typeof editableFields)[number];
export const listFields: EditableField[] = ["assignees", "watchers", "labels"];

/** listTopic is the realtime topic of a task list. */
export const listTopic = (list: string) => `tasklist:${list}`;

/** useListPosition gives the min_position a read of list must reflect: the last change pushed on its topic. */
export function useListPosition(list: string | undefined | null): () => string | undefined {
  const { realtime } = useApp();
  return () => (list ? realtime.position(listTopic(list)) : undefined);
}

export function useTaskLists(): UseQueryResult<{ items: TaskList[] }, ApiError> {
  return useOrgQuery<{ items: TaskList[] }>(["tasks", "lists"], "/task-lists");
}

export function useBoard(list: string): UseQueryResult<Board, ApiError> {
  const { client, orgId } = useApp();
  const position = useListPosition(list);
  return useQuery<Board, ApiError>({
    queryKey: boardKey(orgId, list),
    queryFn: () => client.get<Board>(`/orgs/${orgId}/task-lists/${list}/board`, { min_position: position() }),
  });
}

export const boardKey = (org: string, list: string) => ["org", org, "tasks", "board", list];
export const taskKey = (org: string, task: string) => ["org", org, "tasks", "task", task];

/** useTask reads one task; list, when known, gives the position its topic last announced. */
export function useTask(task: string, list?: string | null): UseQueryResult<TaskView, ApiError> {
  const { client, orgId } = useApp();
  const position = useListPosition(list);
  return useQuery<TaskView, ApiError>({
    queryKey: taskKey(orgId, task),
    queryFn: () => client.get<TaskView>(`/orgs/${orgId}/tasks/${task}`, { min_position: position() }),
  });
}

/** useTaskSearch reads GET /tasks with query (a board's or a list view's filters). */
export function useTaskSearch(query: Query, enabled = true): UseQueryResult<TaskPage, ApiError> {
  return useOrgQuery<TaskPage>(["tasks", "search"], "/tasks", query, enabled);
}

export function useSavedFilters(): UseQueryResult<{ items: SavedFilter[] }, ApiError> {
  return useOrgQuery<{ items: SavedFilter[] }>(["tasks", "filters"], "/task-filters");
}

/**
 * mayManage says whether the caller may edit a list's columns: its owner for
 * a personal list; for a project's, an organisation administrator or a
 * project manager of the organisation or of that project (tasks.manage).
 * The server decides; this only hides a form that would be refused.
 */
export function mayManage(me: Me, list: TaskList): boolean {
  if (!list.project_id) return list.owner_account_id === me.account.account_id;
  return me.grants.some(
    (g) =>
      g.active &&
      g.org_id === me.account.org_id &&
      (g.role === "org_admin" || g.role === "project_manager") &&
      (g.scope === "organization" || g.project_id === list.project_id),
  );
}

/** fold lower-cases and strips diacritics, as the server's search does ("ședință" → "sedinta"). */
export function fold(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

const mentionRe = /@\[([^\]\n]{1,120})\]\(person:([0-9A-Za-z-]{1,64})\)/g;

/** mentionsIn lists the people a markdown text mentions (@[Name](person:<id>)), once each. */
export function mentionsIn(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(mentionRe)) if (!out.includes(m[2])) out.push(m[2]);
  return out;
}

/** isOverdue says whether a due date ("YYYY-MM-DD") is before today in the browser's zone. */
export function isOverdue(due: string | null | undefined): boolean {
  if (!due) return false;
  const d = new Date();
  const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  return due < today;
}
