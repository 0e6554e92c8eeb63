// The Chat and Search read models' shapes (GET /channels, /channels/:channel,
// /channels/:channel/messages, /messages/:message, /messages/:message/thread,
// /chat/people, /search; see the chat and search OpenAPI parts) and the hooks
// the chat and search screens share. A channel's reads carry min_position =
// the last change pushed on `channel:<id>`, so a push never shows an older
// state than the one it announced; history pages go back by the server's
// cursor, and from a page around one message (around=) both ways.
import { useInfiniteQuery, useQuery, type UseInfiniteQueryResult, type InfiniteData, type UseQueryResult } from "@tanstack/react-query";
import type { ApiError, Query } from "./api";
import { useApp, useOrgQuery, type Me } from "./app_context";
import { fold } from "./tasks_data";

export type ChannelKind = "project" | "group" | "direct" | "custom";

/** channelKinds in the order the channel list shows them. */
export const channelKinds: ChannelKind[] = ["project", "group", "custom", "direct"];

export interface Channel {
  channel_id: string;
  kind: ChannelKind;
  /** The server's name: a DM is named by the other people in it. */
  name: string;
  project_id?: string | null;
  group_id?: string | null;
  /** Account ids, for direct and custom channels. */
  members?: string[] | null;
  created_by?: string | null;
  archived?: boolean;
  unread: number;
  last_message_at?: string | null;
}

/** The fixed set of reactions (ReactionAdded.v1's emoji) and how each looks. */
export const reactions: { emoji: string; glyph: string }[] = [
  { emoji: "+1", glyph: "👍" },
  { emoji: "heart", glyph: "❤️" },
  { emoji: "laugh", glyph: "😄" },
  { emoji: "eyes", glyph: "👀" },
  { emoji: "check", glyph: "✅" },
  { emoji: "x", glyph: "❌" },
];

export const glyphOf = (emoji: string) => reactions.find((r) => r.emoji === emoji)?.glyph ?? emoji;

export interface Reaction {
  emoji: string;
  count: number;
  mine: boolean;
}

export interface Message {
  message_id: string;
  channel_id: string;
  thread_id?: string | null;
  author_account_id: string;
  author_person_id: string;
  author_name?: string;
  /** Markdown; empty once deleted. */
  body: string;
  /** The server's sanitised rendering (internal/markdown); empty once deleted. */
  body_html: string;
  deleted: boolean;
  edited_at?: string | null;
  mentions?: string[] | null;
  reactions?: Reaction[] | null;
  reply_count?: number;
  last_reply_at?: string | null;
  created_at: string;
  position: string | number;
}

export interface MessagePage {
  items: Message[];
  next_cursor?: string | null;
  prev_cursor?: string | null;
}

export interface Thread {
  root: Message;
  replies: Message[];
  next_cursor?: string | null;
  prev_cursor?: string | null;
}

/** A member of the organisation as chat knows them: their account (channel members) and person (mentions). */
export interface ChatPerson {
  account_id: string;
  person_id: string;
  given_name: string;
  family_name: string;
}

export const channelTopic = (channel: string) => `channel:${channel}`;

/** useChannelPosition gives the min_position a read of channel must reflect: the last change pushed on its topic. */
function useChannelPosition(channel: string | undefined | null): () => string | undefined {
  const { realtime } = useApp();
  return () => (channel ? realtime.position(channelTopic(channel)) : undefined);
}

export function useChannels(): UseQueryResult<{ items: Channel[] }, ApiError> {
  return useOrgQuery<{ items: Channel[] }>(["chat", "channels"], "/channels");
}

export function useChannel(channel: string): UseQueryResult<Channel, ApiError> {
  const { client, orgId } = useApp();
  const position = useChannelPosition(channel);
  return useQuery<Channel, ApiError>({
    queryKey: ["org", orgId, "chat", "channel", channel],
    queryFn: () => client.get<Channel>(`/orgs/${orgId}/channels/${channel}`, { min_position: position() }),
  });
}

/** pageSize is how many root messages a page of history holds. */
export const pageSize = 30;

/** A page's place in a history or a thread: the server's cursors, or the message a page is centred on. */
export type PageParam = { before?: string; after?: string; around?: string } | null;

/**
 * useMessages reads a channel's root messages, newest first: the newest page, or (around) the page centred on
 * one message; fetchNextPage reads a page further back, fetchPreviousPage (around only) a page further on.
 */
export function useMessages(
  channel: string,
  around: string | null = null,
): UseInfiniteQueryResult<InfiniteData<MessagePage, PageParam>, ApiError> {
  const { client, orgId } = useApp();
  const position = useChannelPosition(channel);
  return useInfiniteQuery<MessagePage, ApiError, InfiniteData<MessagePage, PageParam>, unknown[], PageParam>({
    queryKey: around ? ["org", orgId, "chat", "messages", channel, { around }] : ["org", orgId, "chat", "messages", channel],
    initialPageParam: around ? { around } : null,
    queryFn: ({ pageParam }) =>
      client.get<MessagePage>(`/orgs/${orgId}/channels/${channel}/messages`, {
        ...pageParam,
        limit: pageSize,
        min_position: position(),
      }),
    getNextPageParam: (last) => (last.items.length > 0 && last.next_cursor ? { before: last.next_cursor } : undefined),
    // The newest page has nothing newer; a page around a message may.
    getPreviousPageParam: (first) => (around && first.items.length > 0 && first.prev_cursor ? { after: first.prev_cursor } : undefined),
  });
}

/**
 * useThread reads a root message and its replies, oldest first: the first page, or (around) the page centred on
 * one reply; fetchNextPage reads a page further on, fetchPreviousPage (around only) a page further back.
 */
export function useThread(
  channel: string,
  root: string | null,
  around: string | null = null,
): UseInfiniteQueryResult<InfiniteData<Thread, PageParam>, ApiError> {
  const { client, orgId } = useApp();
  const position = useChannelPosition(channel);
  return useInfiniteQuery<Thread, ApiError, InfiniteData<Thread, PageParam>, unknown[], PageParam>({
    queryKey: around ? ["org", orgId, "chat", "thread", root, { around }] : ["org", orgId, "chat", "thread", root],
    initialPageParam: around ? { around } : null,
    enabled: !!root,
    queryFn: ({ pageParam }) => client.get<Thread>(`/orgs/${orgId}/messages/${root}/thread`, { ...pageParam, min_position: position() }),
    getNextPageParam: (last) => (last.replies.length > 0 && last.next_cursor ? { after: last.next_cursor } : undefined),
    getPreviousPageParam: (first) => (around && first.replies.length > 0 && first.prev_cursor ? { before: first.prev_cursor } : undefined),
  });
}

/** useMessage reads one message (a root or a reply) of the organisation, as a link to it names it. */
export function useMessage(channel: string, message: string | null): UseQueryResult<Message, ApiError> {
  const { client, orgId } = useApp();
  const position = useChannelPosition(channel);
  return useQuery<Message, ApiError>({
    queryKey: ["org", orgId, "chat", "message", message],
    enabled: !!message,
    queryFn: () => client.get<Message>(`/orgs/${orgId}/messages/${message}`, { min_position: position() }),
  });
}

/** byPosition orders messages oldest first (positions are decimal strings beyond JavaScript's integers). */
export function byPosition(a: Message, b: Message): number {
  const x = BigInt(a.position);
  const y = BigInt(b.position);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** oldestFirst flattens pages of newest-first history into one list, oldest first, each message once. */
export function oldestFirst(pages: { items: Message[] }[] | undefined): Message[] {
  const seen = new Map<string, Message>();
  for (const p of pages ?? []) for (const m of p.items) if (!seen.has(m.message_id)) seen.set(m.message_id, m);
  return [...seen.values()].sort(byPosition);
}

/** useChatPeople reads the organisation's people with their accounts (members to pick, people to mention). */
export function useChatPeople() {
  const q = useOrgQuery<{ items: ChatPerson[] }>(["chat", "people"], "/chat/people", { limit: 500 });
  const list = q.data?.items ?? [];
  const byAccount = new Map(list.map((p) => [p.account_id, p]));
  return {
    query: q,
    list,
    byAccount,
    name: (account: string) => {
      const p = byAccount.get(account);
      return p ? `${p.given_name} ${p.family_name}` : account.slice(0, 8);
    },
  };
}

/** matchesName says whether a person's name matches what was typed (diacritics and case ignored). */
export function matchesName(p: { given_name: string; family_name: string }, typed: string): boolean {
  const q = fold(typed.trim());
  return !q || fold(`${p.given_name} ${p.family_name}`).includes(q);
}

/**
 * mayManageChat says whether the caller holds chat.manage in the
 * organisation (administrators and project managers): rename a custom
 * channel, change its members, delete another's message. The server decides;
 * this only hides what would be refused.
 */
export function mayManageChat(me: Me): boolean {
  return me.grants.some(
    (g) => g.active && g.org_id === me.account.org_id && g.scope === "organization" && (g.role === "org_admin" || g.role === "project_manager"),
  );
}

// ---- Search ----

export type SearchKind = "message" | "comment" | "task" | "person" | "project" | "workpackage";
export const searchKinds: SearchKind[] = ["message", "comment", "task", "person", "project", "workpackage"];

export interface FacetTerm {
  term: string;
  count: number;
  /** The server's name for the term (a person's, a channel's, a project's); none for kinds and dates. */
  label?: string | null;
}

export interface SearchHit {
  kind: SearchKind | string;
  id: string;
  title?: string;
  /** Highlighted fragments: HTML-escaped text with <mark>…</mark> around the matches. */
  fragments?: string[] | null;
  channel_id?: string | null;
  task_id?: string | null;
  project_id?: string | null;
  author?: string | null;
  date?: string | null;
  link?: string | null;
  /** Names the server gives with the ids (absent when it has none). */
  author_name?: string | null;
  channel_name?: string | null;
  project_name?: string | null;
  task_title?: string | null;
}

export interface SearchAnswer {
  total: number;
  hits: SearchHit[];
  facets: Partial<Record<"kind" | "project_id" | "channel_id" | "author" | "date", FacetTerm[] | null>>;
  next_cursor?: string | null;
}

/** useSearch reads GET /search for query, a page further each time fetchNextPage runs. */
export function useSearch(query: Query, enabled: boolean): UseInfiniteQueryResult<InfiniteData<SearchAnswer, string | null>, ApiError> {
  const { client, orgId } = useApp();
  return useInfiniteQuery<SearchAnswer, ApiError, InfiniteData<SearchAnswer, string | null>, unknown[], string | null>({
    queryKey: ["org", orgId, "search", query],
    initialPageParam: null,
    enabled,
    // Access may have changed since (a channel left): a search shown again is asked again, and an
    // answer is never kept once its screen is gone, so an old one is not shown while the new one comes.
    staleTime: 0,
    gcTime: 0,
    queryFn: ({ pageParam }) => client.get<SearchAnswer>(`/orgs/${orgId}/search`, { ...query, cursor: pageParam }),
    getNextPageParam: (last) => (last.hits.length > 0 && last.next_cursor ? last.next_cursor : undefined),
  });
}

/** A piece of a highlighted fragment: text, marked or not. */
export interface FragmentPart {
  text: string;
  marked: boolean;
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** unescapeHTML turns the server's escaped text back into the characters it stands for. */
function unescapeHTML(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return entities[e.toLowerCase()] ?? whole;
  });
}

/**
 * fragmentParts reads a server fragment into text and marked text. Only
 * <mark> and </mark> are understood; anything else stays text, so a fragment
 * can never become markup in the page (the screen renders the parts as React
 * text inside <mark> elements, never as HTML).
 */
export function fragmentParts(fragment: string): FragmentPart[] {
  const out: FragmentPart[] = [];
  let marked = false;
  for (const piece of fragment.split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(piece)) marked = true;
    else if (/^<\/mark>$/i.test(piece)) marked = false;
    else if (piece) out.push({ text: readableMentions(unescapeHTML(piece)), marked });
  }
  return out;
}

/** readableMentions writes a Markdown mention (@[Name](person:<id>)) as "@Name", as the page shows it. */
export function readableMentions(text: string): string {
  return text.replace(/@\[([^\]\n]{1,120})\]\(person:[0-9A-Za-z-]{1,64}\)/g, "@$1");
}

/** bareId is a hit's entity id without its kind prefix and part ("task:<id>:title" → "<id>"). */
export function bareId(hit: SearchHit): string {
  const parts = hit.id.split(":");
  return parts.length > 1 && parts[0] === hit.kind ? parts[1] : parts[0];
}

/** hitLink is the app's own path to what a hit is about. */
export function hitLink(hit: SearchHit): string | null {
  const id = bareId(hit);
  switch (hit.kind) {
    case "message":
      return hit.channel_id ? `/chat/${encodeURIComponent(hit.channel_id)}?message=${encodeURIComponent(id)}` : null;
    case "comment":
    case "task":
      return hit.task_id || hit.kind === "task" ? `/tasks/task/${encodeURIComponent(hit.task_id || id)}` : null;
    case "person":
      return `/people/${encodeURIComponent(id)}/contracts`;
    case "project":
    case "workpackage":
      return hit.project_id || hit.kind === "project" ? `/projects/${encodeURIComponent(hit.project_id || id)}` : null;
  }
  return null;
}
