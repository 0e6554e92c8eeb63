// One chat message (author, time, the server's sanitised HTML or the "message
// deleted" placeholder, reactions as toggles, edit and delete of one's own,
// the link to its thread), the composer (Markdown with @mention completion;
// its preview is React elements built from the text, never HTML, so nothing
// typed can run; once posted, the page shows the server's body_html), and the
// thread side panel (the root, its replies oldest first, a reply composer).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useApp, useCommand, useDraft } from "../app_context";
import { glyphOf, mayManageChat, oldestFirst, reactions, useChatPeople, useThread, type Message } from "../chat_data";
import type { Person } from "../data";
import { useI18n } from "../i18n";
import { mentionsIn } from "../tasks_data";
import { Markdown } from "../tasks_markdown";
import { ErrorMessage, Form, Loaded } from "../ui";
import { Html } from "./tasks_drawer";
import { MentionTextarea } from "./tasks_mention";

/** MessageItem is one message of a conversation or a thread. */
export function MessageItem({ m, focused, onThread }: { m: Message; focused?: boolean; onThread?: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useApp();
  const people = useChatPeople();
  const mine = m.author_account_id === me.account.account_id;
  const [editing, setEditing] = useState(false);
  const del = useCommand();
  const author = m.author_name || people.name(m.author_account_id);
  const replies = m.reply_count ?? 0;
  return (
    <li className={`message${m.deleted ? " deleted" : ""}${focused ? " focused" : ""}`} data-message={m.message_id} aria-current={focused ? "true" : undefined}>
      <p className="message-head">
        <strong>{author}</strong> <time dateTime={m.created_at} className="muted">{i18n.dateTime(m.created_at)}</time>
        {m.edited_at && !m.deleted && <span className="muted"> · {t("chat.edited")}</span>}
      </p>
      {m.deleted ? (
        <p className="muted deleted-mark">{t("chat.deleted")}</p>
      ) : editing ? (
        <EditMessage m={m} onDone={() => setEditing(false)} />
      ) : (
        <Html html={m.body_html} />
      )}
      {!m.deleted && !editing && (
        <div className="message-tools">
          <Reactions m={m} />
          {onThread && (
            <button type="button" className="small link" onClick={onThread}>
              {replies > 0 ? t("chat.replies", { n: replies }) : t("chat.reply")}
            </button>
          )}
          {mine && (
            <button type="button" className="small" onClick={() => setEditing(true)}>
              {t("edit")}
            </button>
          )}
          {(mine || mayManageChat(me)) && (
            <button
              type="button"
              className="small danger"
              disabled={del.pending}
              onClick={() => {
                if (window.confirm(t("chat.confirmDelete"))) void del.run("DELETE", `/messages/${m.message_id}`);
              }}
            >
              {t("delete")}
            </button>
          )}
        </div>
      )}
      {m.deleted && onThread && replies > 0 && (
        <button type="button" className="small link" onClick={onThread}>
          {t("chat.replies", { n: replies })}
        </button>
      )}
      <ErrorMessage error={del.error} />
    </li>
  );
}

/** Reactions shows each reaction with its count as a toggle, and the fixed set to add one. */
function Reactions({ m }: { m: Message }) {
  const { t } = useI18n();
  const cmd = useCommand();
  const [open, setOpen] = useState(false);
  const list = (m.reactions ?? []).filter((r) => r.count > 0);
  const toggle = async (emoji: string, mine: boolean) => {
    setOpen(false);
    await cmd.run(mine ? "DELETE" : "POST", mine ? `/messages/${m.message_id}/reactions/${encodeURIComponent(emoji)}` : `/messages/${m.message_id}/reactions`, mine ? undefined : { emoji });
  };
  return (
    <span className="reactions">
      {list.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className="small reaction"
          aria-pressed={r.mine}
          aria-label={t("chat.reaction", { emoji: glyphOf(r.emoji), n: r.count })}
          disabled={cmd.pending}
          onClick={() => void toggle(r.emoji, r.mine)}
        >
          {glyphOf(r.emoji)} {r.count}
        </button>
      ))}
      <button type="button" className="small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t("chat.react")}
      </button>
      {open && (
        <span className="reaction-picker" role="group" aria-label={t("chat.react")}>
          {reactions.map((r) => {
            const mine = list.some((x) => x.emoji === r.emoji && x.mine);
            return (
              <button
                key={r.emoji}
                type="button"
                className="small"
                aria-label={t("chat.reactWith", { emoji: r.glyph })}
                aria-pressed={mine}
                onClick={() => void toggle(r.emoji, mine)}
              >
                {r.glyph}
              </button>
            );
          })}
        </span>
      )}
      <ErrorMessage error={cmd.error} />
    </span>
  );
}

function EditMessage({ m, onDone }: { m: Message; onDone: () => void }) {
  const { t } = useI18n();
  const people = useChatPeople();
  const [body, setBody] = useState(m.body);
  const cmd = useCommand({ fields: ["body"] });
  const mentionable = useMemo(() => people.list.map(toPerson), [people.list]);
  return (
    <Form
      label={t("chat.editing")}
      error={cmd.formError}
      onSubmit={async () => {
        if (await cmd.run("PATCH", `/messages/${m.message_id}`, { body, mentions: mentionsIn(body) })) onDone();
      }}
    >
      <MentionTextarea label={t("chat.body")} value={body} onChange={setBody} people={mentionable} error={cmd.fieldError("body")} rows={3} autoFocus />
      <div className="actions">
        <button type="submit" className="primary" disabled={cmd.pending || !body.trim()}>
          {t("save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("cancel")}
        </button>
      </div>
    </Form>
  );
}

function toPerson(p: { person_id: string; given_name: string; family_name: string }): Person {
  return { person_id: p.person_id, given_name: p.given_name, family_name: p.family_name, version: 0 };
}

/** Composer writes a message (or, with thread, a reply): Markdown, @mentions, a preview that is never HTML. */
export function Composer({
  channel,
  thread,
  people,
  onPosted,
}: {
  channel: string;
  thread?: string;
  people: Person[];
  onPosted?: () => void;
}) {
  const { t } = useI18n();
  const d = useDraft(`chat.compose.${channel}.${thread ?? ""}`, { body: "" });
  const [preview, setPreview] = useState(false);
  const cmd = useCommand({ fields: ["body", "mentions"] });
  const send = async () => {
    const body = d.values.body;
    if (!body.trim() || cmd.pending) return;
    const req: Record<string, unknown> = { body, mentions: mentionsIn(body) };
    if (thread) req.thread_id = thread;
    if (await cmd.run("POST", `/channels/${channel}/messages`, req)) {
      d.reset();
      setPreview(false);
      onPosted?.();
    }
  };
  // Ctrl (or ⌘) + Enter sends; Enter alone is a new line (and chooses a mention while the list is open).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      void send();
    }
  };
  return (
    <div className="composer" onKeyDown={onKeyDown}>
      <Form label={thread ? t("chat.replyForm") : t("chat.compose")} error={cmd.formError} onSubmit={() => void send()}>
        {preview ? (
          <div className="preview" role="region" aria-label={t("chat.preview")}>
            <Markdown src={d.values.body} />
          </div>
        ) : (
          <MentionTextarea
            label={thread ? t("chat.replyBody") : t("chat.body")}
            value={d.values.body}
            onChange={(x) => d.set("body", x)}
            people={people}
            hint={t("chat.hint")}
            error={cmd.fieldError("body") ?? cmd.fieldError("mentions")}
            rows={3}
          />
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={cmd.pending || !d.values.body.trim()}>
            {thread ? t("chat.sendReply") : t("chat.send")}
          </button>
          <button type="button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
            {t("chat.preview")}
          </button>
        </div>
      </Form>
    </div>
  );
}

/**
 * ThreadPanel is the side panel of one thread: its root, the replies oldest first, and a reply composer. A linked
 * reply (focus) is read with the page around it, scrolled to and marked.
 */
export function ThreadPanel({ channel, root, focus, onClose }: { channel: string; root: string; focus?: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const q = useThread(channel, root, focus ?? null);
  const people = useChatPeople();
  const titleId = useId();
  const box = useRef<HTMLElement>(null);
  const replies = useMemo(() => oldestFirst(q.data?.pages.map((p) => ({ items: p.replies }))), [q.data]);
  const first = q.data?.pages[0]?.root;
  useEffect(() => {
    box.current?.querySelector<HTMLElement>("h2")?.focus();
  }, [root]);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!focus || shown.current === focus) return;
    const el = box.current?.querySelector<HTMLElement>(`[data-message="${CSS.escape(focus)}"]`);
    if (!el) return;
    shown.current = focus;
    el.scrollIntoView({ block: "center" });
  }, [focus, replies]);
  return (
    <aside
      className="thread-panel"
      aria-labelledby={titleId}
      ref={box}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="drawer-head">
        <h2 id={titleId} tabIndex={-1}>
          {t("chat.thread")}
        </h2>
        <button type="button" className="small" onClick={onClose} aria-label={t("chat.closeThread")}>
          ✕
        </button>
      </div>
      <Loaded q={q}>
        {() => (
          <>
            {first && (
              <ol className="message-list thread-root" aria-label={t("chat.threadRoot")}>
                <MessageItem m={first} />
              </ol>
            )}
            {q.hasPreviousPage && (
              <button type="button" className="small" onClick={() => void q.fetchPreviousPage()} disabled={q.isFetchingPreviousPage}>
                {t("chat.earlierReplies")}
              </button>
            )}
            <ol className="message-list" aria-label={t("chat.threadReplies")}>
              {replies.map((m) => (
                <MessageItem key={m.message_id} m={m} focused={m.message_id === focus} />
              ))}
            </ol>
            {q.hasNextPage && (
              <button type="button" className="small" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
                {t("chat.moreReplies")}
              </button>
            )}
            {first && !first.deleted && (
              <Composer channel={channel} thread={root} people={people.list.map(toPerson)} />
            )}
          </>
        )}
      </Loaded>
    </aside>
  );
}
