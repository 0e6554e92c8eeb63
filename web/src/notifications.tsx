// The caller's notifications in the shell: the bell with the unread count,
// its panel of the latest ones, and the list both the panel and the
// notifications screen show. Everything is read through the query cache
// under ["me", …], so the "me" topic's push (a notification made, a mark
// read in another tab) reads the count and the list again; nothing here
// counts on its own. Opening a notification marks it read and goes to its
// subject; where a subject lives is the same as in the server's mails
// (notify/render.go), in the app's own paths.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ApiError } from "./api";
import { useApp, useCommand } from "./app_context";
import { useI18n, type I18n } from "./i18n";
import { Link, useLocation } from "./router";
import { ErrorMessage, Notice } from "./ui";

/** A notification as GET /me/notifications lists it: its title is in the caller's language. */
export interface Notification {
  id: string;
  account_id: string;
  org_id: string;
  kind: string;
  subject: { type: string; id: string };
  actor_id?: string;
  params: Record<string, string>;
  position: string;
  created_at: string;
  read: boolean;
  read_at?: string;
  title: string;
}

interface NotificationsPage {
  items: Notification[];
  next_cursor: string | null;
  unread: number;
}

/** subjectPath is where the app shows n's subject (the mails' links, as the app's own routes). */
export function subjectPath(n: Notification): string {
  switch (n.subject.type) {
    case "timesheet":
      if (n.params.person_id && n.params.month) return `/timesheets/${n.params.person_id}/${n.params.month}`;
      break;
    case "report":
      return `/reports/${n.subject.id}`;
    case "grant":
      return "/account";
    case "task":
      return `/tasks/task/${n.subject.id}`;
    case "message": // a mention: the message in its channel
      if (n.params.channel_id) return `/chat/${encodeURIComponent(n.params.channel_id)}?message=${encodeURIComponent(n.subject.id)}`;
      break;
  }
  return "/notifications";
}

/** useUnread is the caller's unread count, read again on every push of the "me" topic. */
export function useUnread() {
  const { client } = useApp();
  return useQuery<{ unread: number }, ApiError>({
    queryKey: ["me", "notifications", "unread"],
    queryFn: () => client.get("/me/notifications/unread"),
    staleTime: 0,
  });
}

/** unreadCount says how many are unread: "3 necitite" (the language's plural rules). */
export function unreadCount(i18n: I18n, n: number): string {
  if (n === 0) return i18n.t("notify.count.zero");
  const rule = new Intl.PluralRules(i18n.lang === "ro" ? "ro-RO" : "en-GB").select(n);
  const key = rule === "one" ? "notify.count.one" : rule === "few" ? "notify.count.few" : "notify.count.other";
  return i18n.t(key, { n });
}

/** unreadLabel is the bell's accessible name: "Notificări: 3 necitite". */
export function unreadLabel(i18n: I18n, n: number | undefined): string {
  return n === undefined ? i18n.t("notify.title") : i18n.t("notify.bell", { count: unreadCount(i18n, n) });
}

/** useMarkRead marks notifications read (ids, or all); the count and lists follow by invalidation. */
export function useMarkRead() {
  const cmd = useCommand();
  return {
    cmd,
    one: (n: Notification) => {
      if (!n.read) void cmd.run("POST", "!/me/notifications/read", { ids: [n.id] });
    },
    all: () => cmd.run("POST", "!/me/notifications/read", { all: true }),
  };
}

function bellIcon() {
  return (
    <svg className="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/**
 * NotificationBell is the shell's button with the unread count and the
 * panel it opens: the latest notifications, "more", "mark all read", and
 * links to every notification and to the settings. The panel takes the
 * focus when it opens and gives it back to the button on Escape; a click
 * outside, the focus leaving it, or a navigation closes it. A rise of the count is said in a
 * polite live region.
 */
export function NotificationBell() {
  const i18n = useI18n();
  const { t } = i18n;
  const unread = useUnread();
  const count = unread.data?.unread;
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const { path } = useLocation();
  const mark = useMarkRead();
  const [said, setSaid] = useState("");
  const previous = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (count !== undefined && previous.current !== undefined && count > previous.current) {
      setSaid(`${t("notify.new")} ${unreadLabel(i18n, count)}`);
    }
    if (count !== undefined) previous.current = count;
  }, [count, i18n, t]);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>("h2")?.focus();
    const outside = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="bell">
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-label={unreadLabel(i18n, count)}
        aria-expanded={open}
        aria-controls="notify-panel"
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
      >
        {bellIcon()}
        {count !== undefined && count > 0 && (
          <span className="badge" aria-hidden="true">
            {count > 99 ? "99+" : count}
          </span>
        )}
      </button>
      <span className="sr-only" role="status" aria-live="polite">
        {said}
      </span>
      {open && (
        <div
          id="notify-panel"
          ref={panel}
          className="notify-panel"
          role="dialog"
          aria-modal="false"
          aria-labelledby="notify-panel-title"
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              close();
            }
          }}
          onBlur={(e) => {
            // Tabbing out of the panel closes it (a button disabled under the focus blurs to nothing: that stays).
            const to = e.relatedTarget as Node | null;
            if (to && !e.currentTarget.contains(to) && to !== button.current) setOpen(false);
          }}
        >
          <div className="notify-head">
            <h2 id="notify-panel-title" tabIndex={-1}>
              {t("notify.title")}
            </h2>
            <button type="button" className="small" disabled={!count || mark.cmd.pending} onClick={() => void mark.all()}>
              {t("notify.markAll")}
            </button>
          </div>
          <ErrorMessage error={mark.cmd.error} />
          <NotificationList limit={8} onOpen={mark.one} />
          <div className="notify-foot">
            <Link to="/notifications">{t("notify.all")}</Link>
            <Link to="/settings/notifications">{t("notify.settings")}</Link>
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * NotificationList is the caller's notifications, newest first, a page at
 * a time ("more" fetches the next with the cursor and moves the focus to
 * the first new one); the arrow keys, Home and End move between them.
 */
export function NotificationList({ limit, unreadOnly = false, onOpen }: { limit: number; unreadOnly?: boolean; onOpen: (n: Notification) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { client } = useApp();
  const list = useRef<HTMLUListElement>(null);
  const focusFrom = useRef<number | null>(null);
  const q = useInfiniteQuery<NotificationsPage, ApiError>({
    // The titles are in the language asked for: another language is another list.
    queryKey: ["me", "notifications", "list", { limit, unreadOnly, lang: i18n.lang }],
    queryFn: ({ pageParam }) =>
      client.get<NotificationsPage>("/me/notifications", { limit, unread: unreadOnly ? "true" : undefined, cursor: pageParam as string | null }),
    initialPageParam: null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 0,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || q.isFetchingNextPage) return;
    focusFrom.current = null;
    list.current?.querySelectorAll<HTMLElement>("a")[from]?.focus();
  }, [items.length, q.isFetchingNextPage]);
  if (q.isPending) return <p className="loading" role="status">{t("loading")}</p>;
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (items.length === 0) return <Notice>{unreadOnly ? t("notify.noneUnread") : t("notify.none")}</Notice>;
  const move = (e: KeyboardEvent<HTMLUListElement>) => {
    const links = [...(list.current?.querySelectorAll<HTMLElement>("a") ?? [])];
    const at = links.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[e.key];
    if (to === undefined || at < 0 || !links[to]) return;
    e.preventDefault();
    links[to].focus();
  };
  return (
    <>
      <ul className="notify-list" ref={list} onKeyDown={move}>
        {items.map((n) => (
          <li key={n.id} className={n.read ? "read" : "unread"}>
            <Link to={subjectPath(n)} onClick={() => onOpen(n)}>
              {!n.read && <span className="dot" aria-hidden="true" />}
              <span className="notify-title">{n.title}</span>
              <span className="when">
                {i18n.dateTime(n.created_at)}
                {!n.read && <span className="sr-only">, {t("notify.unread")}</span>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {q.hasNextPage && (
        <button
          type="button"
          className="small more"
          disabled={q.isFetchingNextPage}
          onClick={() => {
            focusFrom.current = items.length;
            void q.fetchNextPage();
          }}
        >
          {t("notify.more")}
        </button>
      )}
    </>
  );
}
