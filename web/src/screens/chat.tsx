// Chat: /chat lists the channels the caller reads (project, group, custom,
// direct, each with its unread count, live over every listed channel's
// topic) and a form to start a custom channel or a direct message;
// /chat/:channel adds the conversation: root messages oldest first, older
// pages read by the server's cursor when the list is scrolled to its top,
// live over `channel:<id>` (another's message appears without a reload),
// the thread of ?thread=<root> in a side panel, and ?message=<id> (a search
// hit's, a mention's or a mail's link) scrolled to and marked: read from the
// latest page when it is there, else from the page around it (the server's
// around= cursor, newer pages read on scrolling down), and a reply in its
// thread, opened beside. Messages, reactions, edit and delete are in
// chat_message.tsx; the composer is too.
import { useEffect, useMemo, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useApp, useCommand, useDraft, useFollow, useOrgQuery } from "../app_context";
import {
  channelKinds,
  channelTopic,
  mayManageChat,
  matchesName,
  oldestFirst,
  useChannel,
  useChannels,
  useChatPeople,
  useMessage,
  useMessages,
  type Channel,
  type ChatPerson,
  type Message,
} from "../chat_data";
import { useProjects, type Group, type Page, type Person } from "../data";
import { useI18n } from "../i18n";
import { Link, useLocation, useNavigate } from "../router";
import { ErrorMessage, Field, Form, Loaded, Notice, PageTitle, SelectField } from "../ui";
import { Composer, MessageItem, ThreadPanel } from "./chat_message";
import "../tasks.css";
import "../chat.css";

/** ChatScreen is /chat and /chat/:channel. */
export function ChatScreen({ channel }: { channel?: string }) {
  const { t } = useI18n();
  const { search, path } = useLocation();
  const navigate = useNavigate();
  const thread = search.get("thread");
  const focus = channel ? search.get("message") : null;
  const setParam = (k: string, v: string | null) => {
    const p = new URLSearchParams(search);
    if (v) p.set(k, v);
    else p.delete(k);
    navigate(`${path}${p.toString() ? "?" + p.toString() : ""}`, true);
  };
  // The message a link names: where it is (a root, or a reply in a thread) is the server's.
  const target = useMessage(channel ?? "", focus);
  const linked = target.data && target.data.channel_id === channel ? target.data : null;
  const linkGone = !!focus && (target.isError || (!!target.data && !linked));
  // A reply's thread opens beside the conversation, once per link (closing it keeps it closed).
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!linked?.thread_id || opened.current === linked.message_id) return;
    opened.current = linked.message_id;
    if (thread !== linked.thread_id) setParam("thread", linked.thread_id);
  });
  return (
    <section className={`chat-screen${channel && thread ? " with-thread" : ""}`}>
      <PageTitle sub={<Link to="/search">{t("search.title")}</Link>}>{t("chat.title")}</PageTitle>
      <div className="chat-layout">
        <div className="chat-side">
          <ChannelList current={channel} />
          <NewChannel />
        </div>
        {channel ? (
          <Conversation
            key={channel}
            channel={channel}
            focus={focus}
            linked={linked}
            linkGone={linkGone}
            onThread={(root) => setParam("thread", root)}
            onLatest={() => setParam("message", null)}
          />
        ) : (
          <div className="chat-main">
            <Notice>{t("chat.pick")}</Notice>
          </div>
        )}
        {channel && thread && (
          <ThreadPanel
            key={thread}
            channel={channel}
            root={thread}
            focus={linked && linked.thread_id === thread ? linked.message_id : null}
            onClose={() => setParam("thread", null)}
          />
        )}
      </div>
    </section>
  );
}

/** ChannelList shows the caller's channels by kind, each with its unread count; it follows them all. */
function ChannelList({ current }: { current?: string }) {
  const { t } = useI18n();
  const q = useChannels();
  const items = q.data?.items ?? [];
  useFollow(items.map((c) => channelTopic(c.channel_id)));
  return (
    <nav className="channels card" aria-label={t("chat.channels")}>
      <Loaded q={q}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">{t("chat.noChannels")}</p>
          ) : (
            <>
              {channelKinds.map((kind) => {
                const of = page.items
                  .filter((c) => c.kind === kind)
                  .sort((a, b) => (b.last_message_at ?? "").localeCompare(a.last_message_at ?? "") || a.name.localeCompare(b.name));
                if (of.length === 0) return null;
                return (
                  <div key={kind}>
                    <h2 id={`kind-${kind}`}>{t(`chat.kind.${kind}`)}</h2>
                    <ul className="plain" aria-labelledby={`kind-${kind}`}>
                      {of.map((c) => (
                        <li key={c.channel_id}>
                          <Link
                            to={`/chat/${c.channel_id}`}
                            aria-current={c.channel_id === current ? "page" : undefined}
                            className={c.unread > 0 ? "unread" : undefined}
                          >
                            <span className="channel-name">{c.kind === "direct" ? c.name : `# ${c.name}`}</span>
                            {c.unread > 0 && (
                              <span className="unread-count" aria-label={t("chat.unread", { n: c.unread })}>
                                {c.unread}
                              </span>
                            )}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </div>
                );
              })}
            </>
          )
        }
      </Loaded>
    </nav>
  );
}

/** PeoplePicker is a filtered list of checkboxes over the organisation's people (accounts). */
function PeoplePicker({
  label,
  people,
  chosen,
  onChange,
}: {
  label: string;
  people: ChatPerson[];
  chosen: string[];
  onChange: (accounts: string[]) => void;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState("");
  const shown = people.filter((p) => matchesName(p, filter));
  return (
    <fieldset className="people-pick">
      <legend>{label}</legend>
      <Field label={t("chat.filterPeople")} value={filter} onChange={setFilter} />
      <ul className="checks">
        {shown.map((p) => (
          <li key={p.account_id}>
            <label className="check">
              <input
                type="checkbox"
                checked={chosen.includes(p.account_id)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...chosen, p.account_id] : chosen.filter((a) => a !== p.account_id))
                }
              />
              {p.given_name} {p.family_name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** NewChannel starts a custom channel (named, chosen members) or a direct message (one channel per set of people). */
function NewChannel() {
  const { t } = useI18n();
  const { me } = useApp();
  const navigate = useNavigate();
  const people = useChatPeople();
  const { list: projects } = useProjects();
  const groups = useOrgQuery<Page<Group>>(["groups"], "/groups", { limit: 500 }).data?.items ?? [];
  const d = useDraft("chat.new", { kind: "custom", name: "", members: "[]", project_id: "", group_id: "" });
  const members: string[] = JSON.parse(d.values.members);
  const cmd = useCommand({ fields: ["name", "members", "project_id", "group_id"] });
  const others = people.list.filter((p) => p.account_id !== me.account.account_id);
  const kind = d.values.kind;
  const custom = kind === "custom";
  // A project's or a group's channel is opened by whoever manages chat; its members follow the project's grants or the group.
  const kinds = mayManageChat(me) ? (["custom", "direct", "project", "group"] as const) : (["custom", "direct"] as const);
  const ready =
    kind === "project" ? !!d.values.project_id : kind === "group" ? !!d.values.group_id : members.length > 0 && (!custom || !!d.values.name.trim());
  return (
    <details className="card new-channel">
      <summary>{t("chat.new")}</summary>
      <Form
        label={t("chat.new")}
        error={cmd.formError}
        onSubmit={async () => {
          // The server adds the caller to a direct or custom channel's members.
          const body: Record<string, unknown> = { kind };
          if (kind === "custom" || kind === "direct") body.members = members;
          if (custom) body.name = d.values.name.trim();
          if (kind === "project") body.project_id = d.values.project_id;
          if (kind === "group") body.group_id = d.values.group_id;
          const r = await cmd.run("POST", "/channels", body);
          if (r) {
            d.reset();
            navigate(`/chat/${r.id}`);
          }
        }}
      >
        <fieldset className="quiet">
          <legend>{t("chat.new.kind")}</legend>
          {kinds.map((k) => (
            <label key={k} className="check">
              <input type="radio" name="chat-kind" checked={d.values.kind === k} onChange={() => d.set("kind", k)} />
              {t(k === "group" ? "chat.new.groupKind" : `chat.new.${k}`)}
            </label>
          ))}
        </fieldset>
        {custom && <Field label={t("chat.new.name")} value={d.values.name} onChange={(x) => d.set("name", x)} error={cmd.fieldError("name")} />}
        {kind === "project" && (
          <SelectField
            label={t("field.project")}
            value={d.values.project_id}
            onChange={(x) => d.set("project_id", x)}
            empty="—"
            options={projects.map((p) => ({ value: p.project_id, label: p.acronym }))}
            error={cmd.fieldError("project_id")}
          />
        )}
        {kind === "group" && (
          <SelectField
            label={t("chat.new.group")}
            value={d.values.group_id}
            onChange={(x) => d.set("group_id", x)}
            empty="—"
            options={groups.map((g) => ({ value: g.group_id, label: g.name }))}
            error={cmd.fieldError("group_id")}
          />
        )}
        {(kind === "custom" || kind === "direct") && (
          <>
            <PeoplePicker label={t("chat.new.members")} people={others} chosen={members} onChange={(m) => d.set("members", JSON.stringify(m))} />
            <ErrorMessage error={cmd.fieldError("members")} />
          </>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={cmd.pending || !ready}>
            {kind === "direct" ? t("chat.new.createDirect") : t("chat.new.createCustom")}
          </button>
        </div>
      </Form>
    </details>
  );
}

/** mentionable is who a channel's composer offers to mention: its members (direct, custom), or everyone chat knows. */
function mentionable(channel: Channel | undefined, people: ChatPerson[]): Person[] {
  const members = channel && (channel.kind === "direct" || channel.kind === "custom") ? new Set(channel.members ?? []) : null;
  return people
    .filter((p) => !members || members.has(p.account_id))
    .map((p) => ({ person_id: p.person_id, given_name: p.given_name, family_name: p.family_name, version: 0 }));
}

/**
 * Conversation is one channel: its header, its history (older pages on scrolling up), its composer. A linked
 * message (focus; linked once read) is shown from the latest page when it is there, else from the page around
 * it (its thread's root, for a reply), scrolled to and marked.
 */
function Conversation({
  channel,
  focus,
  linked,
  linkGone,
  onThread,
  onLatest,
}: {
  channel: string;
  focus: string | null;
  linked: Message | null;
  linkGone: boolean;
  onThread: (root: string) => void;
  onLatest: () => void;
}) {
  const { t } = useI18n();
  const { client, orgId } = useApp();
  const qc = useQueryClient();
  useFollow([channelTopic(channel)]);
  const ch = useChannel(channel);
  const listed = useChannels().data?.items.find((c) => c.channel_id === channel);
  const latest = useMessages(channel);
  // The root message the link leads to in the history, and whether the latest pages hold it.
  const anchor = linked ? linked.thread_id || linked.message_id : null;
  const latestHolds = !!anchor && !!latest.data?.pages.some((p) => p.items.some((m) => m.message_id === anchor));
  const around = anchor && latest.isSuccess && !latestHolds ? anchor : null;
  const near = useMessages(channel, around);
  const q = around ? near : latest;
  const people = useChatPeople();
  const messages = useMemo(() => oldestFirst(q.data?.pages), [q.data]);
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBefore = useRef<number | null>(null);
  const newest = messages.length ? messages[messages.length - 1].message_id : null;
  const oldest = messages.length ? messages[0].message_id : null;

  // A new message keeps the view at the bottom if it was there; an older page keeps what was on screen in place.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    if (heightBefore.current !== null) {
      el.scrollTop += el.scrollHeight - heightBefore.current;
      heightBefore.current = null;
    } else if (atBottom.current && !focus) {
      el.scrollTop = el.scrollHeight;
    }
  }, [newest, oldest, focus]);

  const older = () => {
    if (!q.hasNextPage || q.isFetchingNextPage) return;
    heightBefore.current = box.current?.scrollHeight ?? null;
    void q.fetchNextPage();
  };
  const newer = () => {
    if (q.hasPreviousPage && !q.isFetchingPreviousPage) void q.fetchPreviousPage();
  };

  // The linked message (or a reply's root) is scrolled to once it is on the page, once per link.
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!focus || !anchor || shown.current === focus) return;
    const el = box.current?.querySelector<HTMLElement>(`[data-message="${CSS.escape(anchor)}"]`);
    if (!el) return;
    shown.current = focus;
    el.scrollIntoView({ block: "center" });
  }, [focus, anchor, messages]);

  // The read marker follows the newest message on view while the channel shows unread ones.
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (!newest || !listed || listed.unread === 0 || marked.current === newest) return;
    marked.current = newest;
    client
      .send("POST", `/orgs/${orgId}/channels/${channel}/read`, { message_id: newest })
      .then(() => qc.invalidateQueries({ queryKey: ["org", orgId, "chat", "channels"] }))
      .catch(() => {
        marked.current = null; // tried again with the next change
      });
  }, [newest, listed, channel, client, orgId, qc]);

  if (ch.isError) {
    return (
      <div className="chat-main">
        <ErrorMessage error={ch.error} />
      </div>
    );
  }
  return (
    <div className="chat-main">
      <Loaded q={ch}>{(c) => <ChannelHead channel={c} people={people.list} />}</Loaded>
      <div
        className="messages"
        ref={box}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
          if (el.scrollTop < 40) older();
          if (atBottom.current) newer();
        }}
      >
        {linkGone && <Notice>{t("chat.linkGone")}</Notice>}
        {q.hasNextPage && (
          <button type="button" className="small older" onClick={older} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? t("loading") : t("chat.older")}
          </button>
        )}
        <Loaded q={q}>
          {() =>
            messages.length === 0 ? (
              <p className="muted">{t("chat.empty")}</p>
            ) : (
              <ol className="message-list" aria-label={t("chat.messages")}>
                {messages.map((m) => (
                  <MessageItem key={m.message_id} m={m} focused={m.message_id === focus} onThread={() => onThread(m.message_id)} />
                ))}
              </ol>
            )
          }
        </Loaded>
        {q.hasPreviousPage && (
          <button type="button" className="small newer" onClick={newer} disabled={q.isFetchingPreviousPage}>
            {q.isFetchingPreviousPage ? t("loading") : t("chat.newer")}
          </button>
        )}
      </div>
      <Composer
        key={channel}
        channel={channel}
        people={mentionable(ch.data, people.list)}
        onPosted={() => {
          atBottom.current = true;
          if (focus) onLatest(); // one's own message is the newest: back to the latest page
        }}
      />
    </div>
  );
}

/** ChannelHead names the channel; a custom one's creator or a chat manager renames it and changes its members. */
function ChannelHead({ channel, people }: { channel: Channel; people: ChatPerson[] }) {
  const { t } = useI18n();
  const { me } = useApp();
  const byAccount = new Map(people.map((p) => [p.account_id, p]));
  const name = (a: string) => {
    const p = byAccount.get(a);
    return p ? `${p.given_name} ${p.family_name}` : a.slice(0, 8);
  };
  const manager = channel.kind === "custom" && (channel.created_by === me.account.account_id || mayManageChat(me));
  const members = channel.members ?? [];
  return (
    <header className="channel-head">
      <h2>{channel.kind === "direct" ? channel.name : `# ${channel.name}`}</h2>
      <p className="muted">
        {t(`chat.kind.${channel.kind}`)}
        {members.length > 0 && ` · ${t("chat.memberCount", { n: members.length })}`}
      </p>
      {channel.kind === "custom" && (
        <details className="members">
          <summary>{t("chat.members")}</summary>
          <ul className="plain">
            {members.map((a) => (
              <MemberRow key={a} channel={channel.channel_id} account={a} name={name(a)} removable={manager && a !== me.account.account_id} />
            ))}
          </ul>
          {manager && (
            <>
              <AddMember channel={channel.channel_id} candidates={people.filter((p) => !members.includes(p.account_id))} />
              <Rename channel={channel} />
            </>
          )}
        </details>
      )}
    </header>
  );
}

function MemberRow({ channel, account, name, removable }: { channel: string; account: string; name: string; removable: boolean }) {
  const { t } = useI18n();
  const cmd = useCommand();
  return (
    <li>
      {name}{" "}
      {removable && (
        <button
          type="button"
          className="small danger"
          disabled={cmd.pending}
          aria-label={t("chat.removeMember", { name })}
          onClick={() => void cmd.run("DELETE", `/channels/${channel}/members/${account}`)}
        >
          {t("remove")}
        </button>
      )}
      <ErrorMessage error={cmd.error} />
    </li>
  );
}

function AddMember({ channel, candidates }: { channel: string; candidates: ChatPerson[] }) {
  const { t } = useI18n();
  const [account, setAccount] = useState("");
  const cmd = useCommand({ fields: ["account_id"] });
  return (
    <Form
      label={t("chat.addMember")}
      className="inline"
      error={cmd.formError}
      onSubmit={async () => {
        if (await cmd.run("POST", `/channels/${channel}/members`, { account_id: account })) setAccount("");
      }}
    >
      <div className="field">
        <label htmlFor={`add-${channel}`}>{t("chat.person")}</label>
        <select id={`add-${channel}`} value={account} onChange={(e) => setAccount(e.target.value)}>
          <option value="">—</option>
          {candidates.map((p) => (
            <option key={p.account_id} value={p.account_id}>
              {p.given_name} {p.family_name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={!account || cmd.pending}>
        {t("chat.addMember")}
      </button>
    </Form>
  );
}

function Rename({ channel }: { channel: Channel }) {
  const { t } = useI18n();
  const [name, setName] = useState(channel.name);
  const cmd = useCommand({ fields: ["name"] });
  return (
    <Form
      label={t("chat.rename")}
      className="inline"
      error={cmd.formError}
      onSubmit={() => void cmd.run("PATCH", `/channels/${channel.channel_id}`, { name: name.trim() })}
    >
      <Field label={t("chat.new.name")} value={name} onChange={setName} error={cmd.fieldError("name")} />
      <button type="submit" disabled={cmd.pending || !name.trim() || name.trim() === channel.name}>
        {t("chat.rename")}
      </button>
    </Form>
  );
}
