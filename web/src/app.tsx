// The app's frame: the query cache (the client's one source of truth), the
// session (signed in or not), the websocket that invalidates the cache, the
// shell with its navigation, and the table of screens.
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, Client } from "./api";
import { accessChange, Realtime, type LiveState } from "./realtime";
import { I18nProvider, useI18n, type Lang } from "./i18n";
import { Link, Router, match, useLocation, useNavigate } from "./router";
import { AppContext, useApp, useFollow, type AppState, type Me } from "./app_context";
import { SignIn, ForgotPassword, ResetPassword } from "./screens/signin";
import { TimesheetScreen, TimesheetsScreen, MyTimesheet } from "./screens/timesheets";
import { ProjectScreen, ProjectsScreen } from "./screens/projects";
import { ContractsScreen, PersonContractsScreen, LeaveScreen } from "./screens/contracts";
import { AdminScreen } from "./screens/admin";
import { EffortScreen, CostsScreen } from "./screens/effort";
import { AuditScreen } from "./screens/audit";
import { HistoryScreen } from "./screens/history";
import { ReportsScreen } from "./screens/reports";
import { AccountScreen } from "./screens/account";
import { NotificationsScreen, NotificationSettingsScreen } from "./screens/notifications";
import { OrgLink } from "./screens/links";
import { NotificationBell } from "./notifications";
import { TaskListsScreen, TaskOpenScreen } from "./screens/tasks";
import { TaskBoardScreen } from "./screens/tasks_board";
import { TaskFindScreen } from "./screens/tasks_list";
import { ChatScreen } from "./screens/chat";
import { SearchScreen } from "./screens/search";

export function App() {
  const queryClient = useMemo(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 30_000,
            retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
            refetchOnWindowFocus: false,
          },
        },
      }),
    [],
  );
  return (
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <Router>
          <Session />
        </Router>
      </QueryClientProvider>
    </I18nProvider>
  );
}

interface SessionInfo {
  account_id: string;
  org_id: string;
  csrf_token?: string;
}

/** Session decides between the public screens and the signed-in shell. */
function Session() {
  const i18n = useI18n();
  const langRef = useRef<Lang>(i18n.lang);
  langRef.current = i18n.lang;
  const qc = useQueryClient();
  // Why the tab is signed out: the user asked, or the server ended the session (then the sign-in screen says so).
  const [ended, setEnded] = useState<null | "signed_out" | "expired">(null);
  const signedOut = ended !== null;
  const client = useMemo(() => new Client(() => langRef.current, () => setEnded("expired")), []);
  const session = useQuery<SessionInfo | null, ApiError>({
    queryKey: ["session"],
    queryFn: async () => {
      try {
        return await client.get<SessionInfo>("/session");
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Infinity,
  });
  useEffect(() => {
    if (session.data) {
      client.setCSRF(session.data.csrf_token);
      setEnded(null);
    }
  }, [session.data, client]);
  useEffect(() => {
    if (signedOut) {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "session" });
      qc.setQueryData(["session"], null);
    }
  }, [signedOut, qc]);
  const loc = useLocation();
  if (loc.path === "/reset") return <PublicFrame><ResetPassword /></PublicFrame>;
  if (loc.path === "/forgot") return <PublicFrame><ForgotPassword /></PublicFrame>;
  if (session.isPending) return <p className="loading" role="status">{i18n.t("loading")}</p>;
  if (session.isError) return <PublicFrame><p role="alert" className="error">{i18n.t("error.network")}</p></PublicFrame>;
  if (!session.data || signedOut) {
    return (
      <PublicFrame>
        <SignIn
          client={client}
          expired={ended === "expired"}
          onSignedIn={(s) => {
            client.setCSRF(s.csrf_token);
            qc.setQueryData(["session"], s);
            setEnded(null);
          }}
        />
      </PublicFrame>
    );
  }
  return <SignedIn client={client} onSignOut={() => setEnded("signed_out")} onEnded={() => setEnded("expired")} />;
}

function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang" role="group" aria-label={t("lang.label")}>
      {(["ro", "en"] as Lang[]).map((l) => (
        <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)} lang={l}>
          {l === "ro" ? "Română" : "English"}
        </button>
      ))}
    </div>
  );
}

function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="public">
      <header className="public-head">
        <span className="brand">Cronica</span>
        <LangSwitch />
      </header>
      <main id="main" className="public-main" aria-label={t("app.tagline")}>
        {children}
      </main>
    </div>
  );
}

/** SignedIn holds the caller, the realtime client and the shell. */
function SignedIn({ client, onSignOut, onEnded }: { client: Client; onSignOut: () => void; onEnded: () => void }) {
  const qc = useQueryClient();
  const { t } = useI18n();
  const [live, setLive] = useState<LiveState>("connecting");
  const me = useQuery<Me, ApiError>({ queryKey: ["me"], queryFn: () => client.get<Me>("/me") });
  // The socket lives as long as this component; the parent's callbacks may change under it.
  const endedRef = useRef(onEnded);
  endedRef.current = onEnded;
  const realtime = useMemo(() => {
    let pending: number | undefined;
    const kinds = new Set<string>();
    // Pushes come in bursts (a month submitted, a project set up): one pass of invalidation per burst.
    const flush = () => {
      pending = undefined;
      const all = [...kinds];
      kinds.clear();
      if (all.includes("me")) void qc.invalidateQueries({ queryKey: ["me"] });
      if (all.some((k) => k !== "me")) void qc.invalidateQueries({ queryKey: ["org"] });
    };
    const touch = (topic: string) => {
      kinds.add(topic.split(":")[0]);
      if (pending === undefined) pending = window.setTimeout(flush, 30);
    };
    return new Realtime({
      onChange: (c) => {
        touch(c.topic);
        // What the account reads changed (a channel or group joined or left, a role): the organisation's screens read again.
        if (accessChange(c)) touch("org");
      },
      onSubscribed: (topic) => touch(topic),
      onState: setLive,
      onSessionEnded: () => endedRef.current(),
    });
  }, [qc]);
  useEffect(() => {
    realtime.start();
    return () => realtime.stop();
  }, [realtime]);
  if (me.isPending) return <p className="loading" role="status">{t("loading")}</p>;
  if (me.isError) return <p className="error" role="alert">{me.error.message || t("error.network")}</p>;
  const roles = new Set(
    me.data.grants.filter((g) => g.active && g.org_id === me.data.account.org_id && g.scope === "organization").map((g) => g.role),
  );
  const state: AppState = {
    client,
    realtime,
    live,
    me: me.data,
    orgId: me.data.account.org_id,
    personId: me.data.account.person_id,
    roles,
  };
  return (
    <AppContext.Provider value={state}>
      <Shell onSignOut={onSignOut} />
    </AppContext.Provider>
  );
}

const nav: { to: string; key: Parameters<ReturnType<typeof useI18n>["t"]>[0] }[] = [
  { to: "/timesheet", key: "nav.myTimesheet" },
  { to: "/timesheets", key: "nav.timesheets" },
  { to: "/projects", key: "nav.projects" },
  { to: "/tasks", key: "nav.tasks" },
  { to: "/chat", key: "nav.chat" },
  { to: "/search", key: "nav.search" },
  { to: "/contracts", key: "nav.contracts" },
  { to: "/effort", key: "nav.effort" },
  { to: "/costs", key: "nav.costs" },
  { to: "/reports", key: "nav.reports" },
  { to: "/admin", key: "nav.admin" },
  { to: "/audit", key: "nav.audit" },
];

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useI18n();
  const app = useApp();
  useFollow(["me"]); // the caller's own account, grants and session, on every screen
  const [menuOpen, setMenuOpen] = useState(false);
  const { path } = useLocation();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  const signOut = async () => {
    setSigningOut(true);
    try {
      await app.client.send("DELETE", "/session");
    } catch {
      /* signed out on the server or not, this tab forgets the session */
    }
    app.realtime.stop();
    navigate("/", true);
    onSignOut();
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t("skip")}
      </a>
      <header className="top">
        <span className="brand">Cronica</span>
        <span className="org" title={app.me.organization.legal_name}>
          {app.me.organization.legal_name}
        </span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {t("menu")}
        </button>
        <div className="top-right">
          <span className={`live live-${app.live}`} role="status" aria-live="polite">
            {t(`live.${app.live}`)}
          </span>
          <LangSwitch />
          <NotificationBell />
          <Link to="/account" className="who">
            {app.me.person.given_name} {app.me.person.family_name}
          </Link>
          <button type="button" onClick={signOut} disabled={signingOut}>
            {t("signOut")}
          </button>
        </div>
      </header>
      <nav id="main-nav" className={`nav${menuOpen ? " open" : ""}`} aria-label={t("nav.label")}>
        <ul>
          {nav.map((n) => {
            // One's own month is "my timesheet", anyone else's is under "timesheets".
            const mine = path.startsWith(`/timesheets/${app.personId}/`);
            const current =
              n.to === "/timesheet" ? mine : n.to === "/timesheets" ? path.startsWith("/timesheets") && !mine : undefined;
            return (
              <li key={n.to}>
                <Link to={n.to} aria-current={current === undefined ? undefined : current ? "page" : false}>
                  {t(n.key)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" className="main">
        <Screens />
      </main>
    </div>
  );
}

/** Screens is the route table of the signed-in app. */
function Screens() {
  const { path, search } = useLocation();
  const { t } = useI18n();
  const routes: [string, (p: Record<string, string>) => ReactNode][] = [
    ["/", () => <MyTimesheet />],
    ["/timesheet", () => <MyTimesheet />],
    ["/timesheets", () => <TimesheetsScreen />],
    ["/timesheets/:person/:month", (p) => <TimesheetScreen person={p.person} month={p.month} />],
    ["/projects", () => <ProjectsScreen />],
    ["/projects/:project", (p) => <ProjectScreen project={p.project} />],
    ["/tasks", () => <TaskListsScreen />],
    ["/tasks/find", () => <TaskFindScreen />],
    ["/tasks/lists/:list", (p) => <TaskBoardScreen list={p.list} />],
    ["/tasks/task/:task", (p) => <TaskOpenScreen task={p.task} />],
    ["/chat", () => <ChatScreen />],
    ["/chat/:channel", (p) => <ChatScreen channel={p.channel} />],
    ["/search", () => <SearchScreen />],
    ["/contracts", () => <ContractsScreen />],
    ["/leave", () => <LeaveScreen />],
    ["/people/:person/contracts", (p) => <PersonContractsScreen person={p.person} />],
    ["/effort", () => <EffortScreen />],
    ["/costs", () => <CostsScreen />],
    ["/admin", () => <AdminScreen tab="people" />],
    ["/admin/:tab", (p) => <AdminScreen tab={p.tab} />],
    ["/reports", () => <ReportsScreen />],
    ["/reports/:report", (p) => <ReportsScreen report={p.report} />],
    ["/audit", () => <AuditScreen />],
    ["/history/:stream", (p) => <HistoryScreen stream={p.stream} />],
    ["/account", () => <AccountScreen />],
    ["/notifications", () => <NotificationsScreen />],
    ["/settings/notifications", () => <NotificationSettingsScreen />],
    // The paths mails and texts link to (notify/render.go), opened as the app's own.
    [
      "/orgs/:org/people/:person/timesheets/:month",
      (p) => <OrgLink org={p.org} to={`/timesheets/${encodeURIComponent(p.person)}/${encodeURIComponent(p.month)}`} />,
    ],
    ["/orgs/:org/reports/:report", (p) => <OrgLink org={p.org} to={`/reports/${encodeURIComponent(p.report)}`} />],
    ["/orgs/:org/tasks/:task", (p) => <OrgLink org={p.org} to={`/tasks/task/${encodeURIComponent(p.task)}`} />],
    [
      "/orgs/:org/chat/:channel",
      (p) => <OrgLink org={p.org} to={`/chat/${encodeURIComponent(p.channel)}${search.toString() ? `?${search}` : ""}`} />,
    ],
    [
      "/orgs/:org/history/:stream",
      (p) => <OrgLink org={p.org} to={`/history/${encodeURIComponent(p.stream)}${search.toString() ? `?${search}` : ""}`} />,
    ],
  ];
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return (
    <section>
      <h1>{t("error.noScreen")}</h1>
      <Link to="/">{t("nav.myTimesheet")}</Link>
    </section>
  );
}
