// Cronica's browser scenarios, run by test/browser (Go) against a real
// `cronica serve` seeded with the demo: real Chromium (playwright-core drives
// /usr/bin/chromium; it downloads no browser), one scenario per screen group.
// A scenario fails on any console error, uncaught exception, failed request,
// or HTTP error answer it did not expect. Screenshots of every screen go to
// $CRONICA_ARTIFACTS.
//
//   CRONICA_URL=http://127.0.0.1:8080 CRONICA_ARTIFACTS=/tmp/shots \
//   CRONICA_OUTBOX=.cronica/outbox node e2e/run.mjs [scenario...]
import { readdirSync, readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.CRONICA_URL;
const artifacts = process.env.CRONICA_ARTIFACTS ?? "e2e-artifacts";
const outbox = process.env.CRONICA_OUTBOX ?? "";
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const password = "Demo-Cronica-2026!";
if (!base) {
  console.error("e2e: set CRONICA_URL");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const people = {
  admin: "ioana.muresan@utsomes.example",
  hr: "andrei.paunescu@utsomes.example",
  pm: "mihaela.turcanu@utsomes.example",
  finance: "radu.stefanescu@utsomes.example",
  elena: "elena.dumitrascu@utsomes.example",
  tudor: "tudor.capraru@utsomes.example",
  bogdan: "bogdan.nistor@utsomes.example",
};

// Answers every scenario expects: signed out, GET /session is 401.
const alwaysAllowed = [[401, /\/api\/v1\/session$/]];

/** watch records what must fail the scenario on one page. */
function watch(page, problems, allowed, allowedFailures = []) {
  const ok = [...alwaysAllowed, ...allowed];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // Chromium logs every HTTP error answer and every failed request as a console
    // error too; the answers and failures themselves are checked below, against
    // what the scenario expects.
    if (/^Failed to load resource: (the server responded with a status of \d+|net::ERR_[A-Z_]+)/.test(m.text())) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => {
    const text = `${r.method()} ${r.url()}: ${r.failure()?.errorText}`;
    if (!allowedFailures.some((re) => re.test(text))) problems.push(`request failed: ${text}`);
  });
  page.on("response", (r) => {
    const s = r.status();
    if (s < 400) return;
    if (ok.some(([status, re]) => status === s && re.test(r.url()))) return;
    problems.push(`unexpected answer: ${s} ${r.request().method()} ${r.url()}`);
  });
}

class Run {
  constructor(browser, name) {
    this.browser = browser;
    this.name = name;
    this.problems = [];
    this.contexts = [];
    this.shots = 0;
  }
  /** page opens a fresh browser context (its own cookies: another user) and a page. */
  async page({ allowed = [], allowedFailures = [], viewport = { width: 1366, height: 800 } } = {}) {
    const ctx = await this.browser.newContext({ viewport, locale: "ro-RO", timezoneId: "Europe/Bucharest" });
    ctx.setDefaultTimeout(30000); // CI runs these beside the whole race-detector suite on two cores
    this.contexts.push(ctx);
    const page = await ctx.newPage();
    watch(page, this.problems, allowed, allowedFailures);
    return page;
  }
  async shot(page, what) {
    this.shots++;
    const file = join(artifacts, `${this.name}-${String(this.shots).padStart(2, "0")}-${what}.png`);
    await page.screenshot({ path: file, fullPage: true });
  }
  async close() {
    for (const c of this.contexts) await c.close();
  }
}

async function signIn(page, email, pw = password) {
  await page.goto(base + "/");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Parolă", { exact: true }).fill(pw);
  await page.getByRole("button", { name: "Intră" }).click();
  await page.waitForURL(/\/timesheets\/[^/]+\/\d{4}-\d{2}$/); // everyone lands on their own month
  await page.getByText("În timp real").waitFor(); // and the websocket is open
}

/**
 * visit opens a path inside the app as its own links do (History API), so the
 * requests of the screen being left are not aborted by a page load.
 */
async function visit(page, path) {
  await page.evaluate((p) => {
    history.pushState(null, "", p);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** unread is the count the bell says ("Notificări: 3 necitite"), or null while it loads. */
async function unread(page) {
  const label = (await page.locator(".bell-button").getAttribute("aria-label")) ?? "";
  if (/niciuna necitit/.test(label)) return 0;
  const m = label.match(/: (\d+)/);
  return m ? Number(m[1]) : null;
}

/** waitForUnread polls the bell until its count passes check (as waitFor polls, bounded). */
async function waitForUnread(page, check, what) {
  let last = null;
  for (let i = 0; i < 300; i++) {
    last = await unread(page);
    if (last !== null && check(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`the bell never said ${what} (last: ${last})`);
}

/** orgOf is the signed-in account's organisation, as the API says it. */
async function orgOf(page) {
  return page.evaluate(() => fetch("/api/v1/me", { credentials: "same-origin" }).then((r) => r.json()).then((m) => m.account.org_id));
}

const scenarios = {
  /** Signing in (a wrong password, then the right one), the language switch, signing out. */
  async auth(run) {
    const page = await run.page({ allowed: [[401, /\/api\/v1\/session$/]] });
    await page.goto(base + "/");
    await page.getByRole("heading", { name: "Autentificare" }).waitFor();
    await run.shot(page, "sign-in");
    await page.getByLabel("E-mail").fill(people.elena);
    await page.getByLabel("Parolă", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Intră" }).click();
    await page.getByRole("alert").filter({ hasText: "invalid_credentials" }).waitFor();
    if ((await page.getByLabel("E-mail").inputValue()) !== people.elena) throw new Error("the email typed was lost after a refusal");
    await run.shot(page, "sign-in-refused");
    await page.getByLabel("Parolă", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Intră" }).click();
    await page.getByRole("heading", { name: "Pontajul meu" }).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "My timesheet" }).waitFor();
    await page.getByRole("link", { name: "Projects" }).waitFor();
    await run.shot(page, "english");
    await page.getByRole("button", { name: "Română" }).click();
    await page.getByRole("button", { name: "Ieșire" }).click();
    await page.getByRole("heading", { name: "Autentificare" }).waitFor();
    if (await page.getByText("Sesiunea s-a încheiat").count()) throw new Error("a sign-out is shown as an ended session");
    await page.waitForLoadState("networkidle"); // a reload aborts requests in flight
    await page.reload();
    await page.getByRole("heading", { name: "Autentificare" }).waitFor();
  },

  /** The password-reset link from the mail outbox sets a new password that signs in. */
  async reset(run) {
    if (!outbox) throw new Error("reset: set CRONICA_OUTBOX to the server's mail outbox");
    const page = await run.page();
    await page.goto(base + "/");
    await page.getByRole("link", { name: "Ați uitat parola?" }).click();
    await page.getByRole("heading", { name: "Resetarea parolei" }).waitFor();
    await page.getByLabel("E-mail").fill(people.tudor);
    await page.getByRole("button", { name: "Trimite linkul" }).click();
    await page.getByRole("status").filter({ hasText: "linkul a fost trimis" }).waitFor();
    await run.shot(page, "reset-requested");
    const link = await waitForResetLink(people.tudor);
    await visit(page, link.replace(/^https?:\/\/[^/]+/, ""));
    await page.getByRole("heading", { name: "Parolă nouă" }).waitFor();
    const fresh = "Parola-Noua-Tudor-2026";
    await page.getByLabel("Parola nouă", { exact: true }).fill(fresh);
    await page.getByLabel("Repetați parola nouă").fill(fresh);
    await run.shot(page, "reset-form");
    await page.getByRole("button", { name: "Schimbă parola" }).click();
    await page.getByRole("status").filter({ hasText: "Parola a fost schimbată" }).waitFor();
    await page.getByRole("button", { name: "Autentificare" }).click();
    await signIn(page, people.tudor, fresh);
  },

  /** The grid: a cell by keyboard, a rule's refusal next to its field, the entry then saved; the month's findings. */
  async timesheet(run) {
    const page = await run.page({ allowed: [[422, /\/timesheets\/2026-02\/entries$/]] });
    await signIn(page, people.elena);
    await page.getByRole("heading", { name: "Pontajul meu" }).waitFor();
    await visit(page, page.url().replace(base, "").replace(/\d{4}-\d{2}$/, "2026-02"));
    await page.getByRole("table", { name: /Pontaj pe februarie 2026/ }).waitFor();
    await page.getByRole("button", { name: /^AQUASENSE WP2 A2\.1, 2 februarie 2026: 6 h/ }).waitFor();
    await run.shot(page, "grid");
    // Saturday 7 February: no reason, refused with its code next to the reason field.
    const cell = page.getByRole("button", { name: /^AQUASENSE WP2 A2\.1, 6 februarie 2026:/ });
    await cell.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    const editor = page.getByRole("region", { name: /7 februarie 2026/ });
    await editor.waitFor();
    const hours = editor.getByLabel("Ore", { exact: true });
    // The cell opened by keyboard hands the focus to the first thing to type.
    await page.waitForFunction(() => document.activeElement?.closest(".cell-editor") && document.activeElement.getAttribute("inputmode") === "decimal");
    await page.keyboard.type("2,5");
    await page.keyboard.press("Enter");
    await editor.getByRole("alert").filter({ hasText: "TIME_ON_WEEKEND_REASON_REQUIRED" }).waitFor();
    if ((await hours.inputValue()) !== "2,5") throw new Error("the hours typed were lost after a refusal");
    const reason = editor.getByLabel("Motiv");
    if ((await reason.getAttribute("aria-invalid")) !== "true") throw new Error("the refusal is not next to the reason field");
    await run.shot(page, "refused-with-code");
    await reason.fill("Recoltare probe după ploaie");
    await editor.getByRole("button", { name: "Adaugă" }).click();
    await page.getByRole("button", { name: /^AQUASENSE WP2 A2\.1, 7 februarie 2026: 2,5 h/ }).waitFor();
    await expectText(page.getByRole("region", { name: /Reguli aplicate/ }).or(page.locator("section").filter({ hasText: "Reguli aplicate" })), "TIME_ON_WEEKEND");
    // A day already full: the daily cap refuses with its code.
    await page.getByRole("button", { name: /^AQUASENSE WP2 A2\.1, 9 februarie 2026:/ }).click();
    const monday = page.getByRole("region", { name: /9 februarie 2026/ });
    await monday.getByLabel("Ore", { exact: true }).fill("5");
    await monday.getByRole("button", { name: "Adaugă" }).click();
    await monday.getByRole("alert").filter({ hasText: "TIME_DAILY_CAP" }).waitFor();
    await run.shot(page, "daily-cap");
    await page.keyboard.press("Escape");
  },

  /** A lost connection: the command fails and says so, the fields keep what was typed, even across a reload; then it is saved once. */
  async offline(run) {
    const page = await run.page({ allowedFailures: [/net::ERR_INTERNET_DISCONNECTED/] });
    await signIn(page, people.elena);
    await visit(page, page.url().replace(base, "").replace(/\d{4}-\d{2}$/, "2026-03"));
    const cell = page.getByRole("button", { name: /^AQUASENSE WP2 A2\.2, 3 martie 2026:/ });
    await cell.click();
    const editor = page.getByRole("region", { name: /3 martie 2026/ });
    await editor.getByLabel("Ore", { exact: true }).fill("4");
    await editor.getByLabel("Descriere").fill("Calibrarea modelului de turbiditate");
    await page.context().setOffline(true);
    await editor.getByRole("button", { name: "Adaugă" }).click();
    await editor.getByRole("alert").filter({ hasText: "Serverul nu răspunde" }).waitFor();
    await run.shot(page, "offline-refused");
    await page.context().setOffline(false);
    // Back online, the app refetches its queries; the reload comes once they
    // have answered (a reload aborts requests in flight, which is not a failure
    // of the app).
    await page.waitForLoadState("networkidle");
    await page.reload();
    await page.getByRole("button", { name: /^AQUASENSE WP2 A2\.2, 3 martie 2026:/ }).click();
    const again = page.getByRole("region", { name: /3 martie 2026/ });
    if ((await again.getByLabel("Descriere").inputValue()) !== "Calibrarea modelului de turbiditate") {
      throw new Error("the description typed before the lost connection did not survive a reload");
    }
    await again.getByRole("button", { name: "Adaugă" }).click();
    await page.locator(".sheet-head").filter({ hasText: "Total: 4 h" }).waitFor();
    await page.getByRole("button", { name: /^AQUASENSE WP2 A2\.2, 3 martie 2026: 4 h/ }).waitFor();
    await run.shot(page, "offline-saved");
  },

  /** Two browsers: what one user does appears in the other's without a reload. */
  async live(run) {
    const elena = await run.page();
    // A project manager reads the month, not the person's contracts and leave (contracts.read): the
    // grid shows the rows of the entries then.
    const mihaela = await run.page({ allowed: [[403, /\/people\/[^/]+\/contracts$/], [403, /\/leave\?person=/]] });
    await signIn(elena, people.elena);
    await signIn(mihaela, people.pm);
    const elenaId = new URL(elena.url()).pathname.split("/")[2];
    const month = `/timesheets/${elenaId}/2026-02`;
    await visit(mihaela, month);
    await visit(elena, month);
    const status = (p) => p.locator(".sheet-head .status");
    await status(mihaela).filter({ hasText: "Ciornă" }).waitFor();
    await elena.getByRole("button", { name: /^AQUASENSE WP1 A1\.2, 26 februarie 2026:/ }).click();
    const editor = elena.getByRole("region", { name: /26 februarie 2026/ });
    await editor.getByLabel("Ore", { exact: true }).fill("1");
    await editor.getByRole("button", { name: "Adaugă" }).click();
    // Mihaela's grid shows Elena's hour, pushed, with no reload.
    await mihaela.getByRole("button", { name: /^AQUASENSE WP1 A1\.2, 26 februarie 2026: 1 h/ }).waitFor();
    await run.shot(mihaela, "pushed-entry");
    await elena.getByRole("button", { name: "Trimite spre aprobare" }).click();
    await status(mihaela).filter({ hasText: "Trimis" }).waitFor();
    await mihaela.getByLabel("Motiv").fill("Lipsește descrierea din 27 februarie");
    await mihaela.getByRole("button", { name: "Respinge" }).click();
    await status(elena).filter({ hasText: "Respins" }).waitFor();
    await run.shot(elena, "pushed-rejection");
    // An administrator grants Elena a role: her account page shows it at once (topic me).
    const ioana = await run.page();
    await signIn(ioana, people.admin);
    await visit(elena, "/account");
    await elena.getByRole("heading", { name: "Contul meu" }).waitFor();
    await visit(ioana, "/admin/grants");
    const grant = ioana.getByRole("form", { name: "Acordă un rol" });
    await grant.getByLabel("Cui", { exact: true }).selectOption({ label: `Elena Dumitrașcu (${people.elena})` });
    await grant.getByLabel("Rol", { exact: true }).selectOption({ label: "Responsabil financiar" });
    await grant.getByRole("button", { name: "Acordă" }).click();
    await elena.getByRole("listitem").filter({ hasText: "Responsabil financiar" }).waitFor();
    await run.shot(elena, "pushed-grant");
  },

  /**
   * Notifications: a month submitted raises the approver's bell without a
   * reload; she opens the notification (by keyboard) and lands on the month,
   * which marks it read; the list a page at a time ("more"); marks all
   * read; a mail's link opens the month; a
   * setting refused next to its field keeps what was typed, then is saved
   * and survives a reload.
   */
  async notifications(run) {
    const elena = await run.page();
    // The approver reads the month, not the person's contracts and leave (as in live); the bad time zone is refused.
    const mihaela = await run.page({
      allowed: [[403, /\/people\/[^/]+\/contracts$/], [403, /\/leave\?person=/], [422, /\/me\/notification-preferences$/]],
    });
    await signIn(elena, people.elena);
    await signIn(mihaela, people.pm);
    const elenaId = new URL(elena.url()).pathname.split("/")[2];
    const month = `/timesheets/${elenaId}/2026-03`;
    await visit(elena, month);
    await visit(mihaela, "/timesheets");
    await mihaela.getByRole("heading", { name: "Pontaje", exact: true }).waitFor();
    const before = await waitForUnread(mihaela, () => true, "a count");
    await mihaela.evaluate(() => (window.cronicaNoReload = true));
    await elena.getByRole("button", { name: /^AQUASENSE WP2 A2\.2, 5 martie 2026:/ }).click();
    const editor = elena.getByRole("region", { name: /5 martie 2026/ });
    await editor.getByLabel("Ore", { exact: true }).fill("2");
    await editor.getByRole("button", { name: "Adaugă" }).click();
    await elena.getByRole("button", { name: /^AQUASENSE WP2 A2\.2, 5 martie 2026: 2 h/ }).waitFor();
    await elena.getByRole("button", { name: "Trimite spre aprobare" }).click();
    await elena.locator(".sheet-head .status").filter({ hasText: "Trimis" }).waitFor();
    // Mihaela's bell counts it, pushed on her "me" topic: no reload.
    const raised = await waitForUnread(mihaela, (n) => n > before, `more than ${before}`);
    if (!(await mihaela.evaluate(() => window.cronicaNoReload === true))) throw new Error("the approver's page was reloaded");
    await run.shot(mihaela, "bell-live");
    // The panel by keyboard: it takes the focus, Escape gives it back to the bell.
    const bell = mihaela.locator(".bell-button");
    await bell.focus();
    await mihaela.keyboard.press("Enter");
    const panel = mihaela.getByRole("dialog", { name: "Notificări" });
    await panel.waitFor();
    await mihaela.waitForFunction(() => document.activeElement?.id === "notify-panel-title");
    await mihaela.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    await mihaela.waitForFunction(() => document.activeElement?.classList.contains("bell-button"));
    await mihaela.keyboard.press("Enter");
    const item = panel.getByRole("link", { name: /pentru martie 2026 așteaptă aprobarea/ }).first();
    await item.waitFor();
    await run.shot(mihaela, "panel");
    await item.focus();
    await mihaela.keyboard.press("Enter");
    await mihaela.waitForURL((u) => u.pathname === month);
    await mihaela.locator(".sheet-head .status").filter({ hasText: "Trimis" }).waitFor();
    await mihaela.getByRole("button", { name: /^AQUASENSE WP2 A2\.2, 5 martie 2026: 2 h/ }).waitFor();
    await waitForUnread(mihaela, (n) => n < raised, `fewer than ${raised} once opened`);
    await run.shot(mihaela, "opened-month");
    // Every notification, two a page: "more" fetches the next page by its cursor and moves the focus to it.
    await visit(mihaela, "/notifications?limit=2");
    await mihaela.getByRole("heading", { name: "Notificări", exact: true }).waitFor();
    const listed = mihaela.locator("main .notify-list a");
    await listed.nth(1).waitFor();
    if ((await listed.count()) !== 2) throw new Error(`a page of two showed ${await listed.count()}`);
    await mihaela.getByRole("button", { name: "Mai multe" }).click();
    await listed.nth(3).waitFor();
    await mihaela.waitForFunction(() => document.activeElement === document.querySelectorAll("main .notify-list a")[2]);
    const opened = mihaela.locator("main .notify-list li").filter({ hasText: "martie 2026" }).first();
    if ((await opened.getAttribute("class")) !== "read") throw new Error("the notification opened is not shown read");
    await run.shot(mihaela, "all-notifications");
    // Mark all read, from the panel.
    await bell.click();
    await panel.getByRole("button", { name: "Marchează toate ca citite" }).click();
    await mihaela.getByRole("button", { name: "Notificări: niciuna necitită" }).waitFor();
    if (await mihaela.locator(".bell .badge").count()) throw new Error("the badge stays after all were marked read");
    await run.shot(mihaela, "all-read");
    await mihaela.keyboard.press("Escape");
    // The link a mail carries opens the month; one of another organisation says so.
    const org = await orgOf(mihaela);
    await visit(mihaela, "/");
    await visit(mihaela, `/orgs/${org}/people/${elenaId}/timesheets/2026-03`);
    await mihaela.waitForURL((u) => u.pathname === month);
    await mihaela.locator(".sheet-head .status").filter({ hasText: "Trimis" }).waitFor();
    await visit(mihaela, `/orgs/00000000-0000-5000-8000-000000000000/people/${elenaId}/timesheets/2026-03`);
    await mihaela.getByRole("heading", { name: "Link al altei organizații" }).waitFor();
    // Settings: a refusal next to its field keeps everything typed; then saved, and kept after a reload.
    await visit(mihaela, "/settings/notifications");
    await mihaela.getByRole("heading", { name: "Setările notificărilor" }).waitFor();
    const sms = mihaela.getByRole("checkbox", { name: "pontaje trimise spre aprobare: SMS" });
    const approvedMail = mihaela.getByRole("checkbox", { name: "pontajele dumneavoastră aprobate: E-mail" });
    const quiet = mihaela.getByRole("group", { name: "Ore de liniște" });
    const zone = mihaela.getByLabel("Fusul orar");
    await sms.check();
    await approvedMail.uncheck();
    await quiet.getByLabel("De la").fill("21:30");
    await quiet.getByLabel("Până la").fill("06:45");
    await zone.fill("Europe/Atlantida");
    await mihaela.getByRole("button", { name: "Salvează setările" }).click();
    await mihaela.locator(".field").filter({ has: zone }).getByRole("alert").filter({ hasText: "NOTIFY_TIME_ZONE_UNKNOWN" }).waitFor();
    if ((await zone.getAttribute("aria-invalid")) !== "true") throw new Error("the refusal is not next to the time zone");
    if (!(await sms.isChecked()) || (await approvedMail.isChecked()) || (await quiet.getByLabel("De la").inputValue()) !== "21:30") {
      throw new Error("what was typed was lost after a refusal");
    }
    await run.shot(mihaela, "settings-refused");
    await zone.fill("Europe/Chisinau");
    await mihaela.getByRole("button", { name: "Salvează setările" }).click();
    await mihaela.getByRole("status").filter({ hasText: "Salvat." }).waitFor();
    await mihaela.waitForLoadState("networkidle"); // the save's refetches answered: a reload aborts requests in flight
    await mihaela.reload();
    await mihaela.getByRole("heading", { name: "Setările notificărilor" }).waitFor();
    await mihaela.getByLabel("Fusul orar").and(mihaela.locator('[value="Europe/Chisinau"]')).waitFor();
    if (!(await sms.isChecked()) || (await approvedMail.isChecked())) throw new Error("the channels saved were not kept");
    if ((await quiet.getByLabel("De la").inputValue()) !== "21:30" || (await quiet.getByLabel("Până la").inputValue()) !== "06:45") {
      throw new Error("the quiet hours saved were not kept");
    }
    if (await mihaela.getByText("Acestea sunt setările implicite").count()) throw new Error("saved settings still shown as the defaults");
    await run.shot(mihaela, "settings-saved");
  },

  /** Projects: the list, a refused registration with its field message, a project set up. */
  async projects(run) {
    const page = await run.page({ allowed: [[400, /\/projects$/], [422, /\/projects$/]] });
    await signIn(page, people.admin);
    await page.getByRole("link", { name: "Proiecte" }).click();
    await page.getByRole("link", { name: "AQUASENSE" }).waitFor();
    await run.shot(page, "projects");
    const form = page.getByRole("form", { name: "Proiect nou" });
    await form.getByLabel("Acronim").fill("RIVERLAB");
    await form.getByLabel("Început").fill("2026-01-01");
    await form.getByLabel("Sfârșit").fill("2028-12-31");
    await form.getByRole("button", { name: "Înregistrează proiectul" }).click();
    await form.getByRole("alert").first().waitFor();
    if ((await form.getByLabel("Acronim").inputValue()) !== "RIVERLAB") throw new Error("the acronym typed was lost");
    await run.shot(page, "project-refused");
    await form.getByLabel("Titlu").fill("RiverLab: laborator mobil pentru râurile din Transilvania");
    await form.getByRole("button", { name: "Înregistrează proiectul" }).click();
    await page.getByRole("heading", { name: "RIVERLAB" }).waitFor();
    const wp = page.getByRole("form", { name: "Adaugă pachet de lucru" });
    await wp.getByLabel("Cod").fill("WP1");
    await wp.getByLabel("Titlu").fill("Coordonare");
    await wp.getByRole("button", { name: "Adaugă pachet de lucru" }).click();
    await page.getByRole("heading", { name: "WP1 · Coordonare" }).waitFor();
    const act = page.getByRole("form", { name: "Adaugă activitate" });
    await act.getByLabel("Cod").fill("A1.1");
    await act.getByLabel("Titlu").fill("Managementul proiectului");
    await act.getByRole("button", { name: "Adaugă activitate" }).click();
    await page.getByText("Managementul proiectului").waitFor();
    await run.shot(page, "project");
  },

  /** Contracts: the list, a person's contracts and terms, leave recorded. */
  async contracts(run) {
    const page = await run.page();
    await signIn(page, people.hr);
    await page.getByRole("link", { name: "Contracte" }).click();
    await page.getByRole("heading", { name: "Contracte de muncă" }).waitFor();
    await run.shot(page, "contracts");
    await page.getByRole("link", { name: "Elena Dumitrașcu" }).first().click();
    await page.getByRole("heading", { name: "Contractele lui Elena Dumitrașcu" }).waitFor();
    const leave = page.getByRole("form", { name: "Înregistrează concediu" });
    await leave.getByLabel("Început").fill("2026-07-06");
    await leave.getByLabel("Sfârșit").fill("2026-07-10");
    await leave.getByRole("button", { name: "Înregistrează concediu" }).click();
    await page.getByText(/Concediu de odihnă: 6 iulie 2026 – 10 iulie 2026/).waitFor();
    await run.shot(page, "person-contracts");
  },

  /** Administration: a person refused then registered, accounts, a group, grants. */
  async admin(run) {
    const page = await run.page({ allowed: [[422, /\/people$/], [400, /\/people$/]] });
    await signIn(page, people.admin);
    await page.getByRole("link", { name: "Administrare" }).click();
    await page.getByRole("heading", { name: "Administrare" }).waitFor();
    await page.getByText("Radu").first().waitFor();
    const form = page.getByRole("form", { name: "Persoană nouă" });
    await form.getByLabel("Nume de familie").fill("Vlaicu");
    await form.getByRole("button", { name: "Înregistrează persoana" }).click();
    const given = form.getByLabel("Prenume");
    await form.getByRole("alert").filter({ hasText: "IDENTITY_FIELD_REQUIRED" }).waitFor();
    if ((await given.getAttribute("aria-invalid")) !== "true") throw new Error("the refusal is not next to the given name");
    await run.shot(page, "person-refused");
    await given.fill("Aurel");
    await form.getByRole("button", { name: "Înregistrează persoana" }).click();
    await page.getByRole("link", { name: "Aurel Vlaicu" }).waitFor();
    await run.shot(page, "people");
    await page.getByRole("link", { name: "Conturi" }).click();
    await page.getByText(people.elena).waitFor();
    await run.shot(page, "accounts");
    await page.getByRole("link", { name: "Grupuri" }).click();
    const group = page.getByRole("form", { name: "Grup nou" });
    await group.getByLabel("Nume").fill("Laborator mobil");
    await group.getByRole("button", { name: "Creează grupul" }).click();
    await page.getByRole("button", { name: "Laborator mobil" }).waitFor();
    await run.shot(page, "groups");
    await page.getByRole("link", { name: "Roluri acordate" }).click();
    await page.getByRole("form", { name: "Acordă un rol" }).waitFor();
    await page.getByRole("cell", { name: "Administrator" }).first().waitFor();
    await run.shot(page, "grants");
    await page.getByRole("link", { name: "Organizația" }).click();
    await page.getByLabel("Denumirea legală").waitFor();
    await page.getByLabel("Anul").fill("2026");
    const day = page.getByRole("form", { name: "Adaugă zi liberă" });
    await day.getByLabel("Ziua").fill("2026-12-24");
    await day.getByLabel("Denumirea (engleză)").fill("Christmas Eve");
    await day.getByLabel("Denumirea (română)").fill("Ajunul Crăciunului");
    await day.getByRole("button", { name: "Adaugă zi liberă" }).click();
    await page.getByText(/Ajunul Crăciunului · zi liberă a organizației/).waitFor();
    await run.shot(page, "organisation");
    await page.getByRole("link", { name: "Ioana Mureșan" }).click();
    const token = page.getByRole("form", { name: "Emite token" });
    await token.getByLabel("Numele tokenului").fill("export contabilitate");
    await token.getByRole("button", { name: "Emite token" }).click();
    await page.getByRole("status").filter({ hasText: "cra_" }).waitFor();
    await run.shot(page, "account");
  },

  /** Effort and personnel costs of the demo project. */
  async effort(run) {
    const page = await run.page();
    await signIn(page, people.finance);
    await visit(page, "/effort?from=2026-01&to=2026-02");
    await page.getByLabel("Proiect").selectOption({ label: "AQUASENSE" });
    await page.getByRole("heading", { name: "Pe pachete de lucru" }).waitFor();
    await page.getByRole("rowheader", { name: /WP2 · Cercetare/ }).waitFor();
    await run.shot(page, "effort");
    await page.getByRole("link", { name: "Costuri de personal" }).click();
    await page.getByRole("heading", { name: "Costuri de personal" }).waitFor();
    await page.getByText("Din pontajele aprobate").waitFor();
    await run.shot(page, "costs");
  },

  /** A report: type, parameters and format chosen, its progress, the file downloaded, then verified; its notification opens it. */
  async reports(run) {
    const page = await run.page();
    await signIn(page, people.admin);
    await page.getByRole("link", { name: "Rapoarte" }).click();
    const form = page.getByRole("form", { name: "Raport nou" });
    await form.getByLabel("Tipul raportului").selectOption({ label: "Fișa de pontaj (Anexa 8)" });
    await form.getByLabel(/^Persoana \*/).selectOption({ label: "Elena Dumitrașcu" });
    await form.getByLabel(/^Proiectul \*/).selectOption({ label: "AQUASENSE" });
    await form.getByLabel(/^Luna \*/).fill("2026-01");
    await run.shot(page, "report-form");
    await form.getByRole("button", { name: "Generează" }).click();
    const job = page.getByRole("region", { name: "Generarea raportului" });
    const link = job.getByRole("link", { name: /^Descarcă / });
    await link.waitFor({ timeout: 60000 });
    await run.shot(page, "report-done");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const file = await download.path();
    await page.getByLabel("Fișierul de verificat").setInputFiles(file);
    await page.getByRole("form", { name: "Verifică un fișier" }).getByRole("button", { name: "Verifică un fișier" }).click();
    await page.getByRole("status").filter({ hasText: "neschimbat" }).waitFor({ timeout: 60000 });
    await run.shot(page, "report-verified");
    // Its "ready" notification opens the report, and the file checks against that report.
    const reportId = new URL(await link.getAttribute("href"), base).pathname.split("/")[6];
    await waitForUnread(page, (n) => n > 0, "a report ready");
    await page.locator(".bell-button").click();
    await page.getByRole("dialog", { name: "Notificări" }).getByRole("link", { name: "Raportul dumneavoastră este gata" }).first().click();
    await page.waitForURL((u) => u.pathname === `/reports/${reportId}`);
    const one = page.getByRole("region", { name: /^Raportul: / });
    await one.getByRole("link", { name: /^Descarcă / }).waitFor();
    await one.getByLabel("Fișierul de verificat față de acest raport").setInputFiles(file);
    await one.getByRole("button", { name: "Verifică un fișier față de acest raport" }).click();
    await one.getByRole("status").filter({ hasText: "neschimbat" }).waitFor({ timeout: 60000 });
    await run.shot(page, "report-opened");
    // The link its mail carries opens it too.
    await visit(page, "/reports");
    await visit(page, `/orgs/${await orgOf(page)}/reports/${reportId}`);
    await page.waitForURL((u) => u.pathname === `/reports/${reportId}`);
    await one.getByRole("link", { name: /^Descarcă / }).waitFor();
  },

  /** The audit log with a filter. */
  async audit(run) {
    const page = await run.page();
    await signIn(page, people.admin);
    await page.getByRole("link", { name: "Jurnal de audit" }).click();
    await page.getByRole("cell", { name: /\.v1$/ }).first().waitFor();
    await run.shot(page, "audit");
    await page.getByLabel("Categorie").fill("project");
    await page.getByRole("button", { name: "Filtrează" }).click();
    await page.getByRole("link", { name: /^project-/ }).first().waitFor(); // a row's stream opens its history
    await run.shot(page, "audit-filtered");
    // A project's trail: its own stream (and the timesheets, employments, tasks and reports that name it); never a person's
    // or the organisation's stream.
    await page.getByLabel("Categorie").fill("");
    const project = page.getByLabel("Proiect", { exact: true });
    await project.selectOption({ index: 1 });
    const answer = page.waitForResponse((r) => r.url().includes("/audit/events") && r.url().includes("project="));
    await page.getByRole("button", { name: "Filtrează" }).click();
    const { items } = await (await answer).json();
    const outside = items.filter((e) => !/^(project|timesheet|employment|report|task|tasklist)$/.test(e.category));
    if (items.length === 0 || outside.length > 0) {
      throw new Error(`the project filter answers ${outside.map((e) => e.stream_id).join(", ") || "nothing"}`);
    }
    await page.getByRole("link", { name: items[0].stream_id }).first().waitFor();
  },

  /**
   * An entity's history: an administrator records time on a month, changes its hours, opens the month's history from the
   * audit log; the change reads before → after, the slider (by keyboard) goes back to the first entry's state (the old
   * hours) and to the month opened, the URL's as_of survives a reload, a time before the month is explained, and a stream
   * that does not exist is the server's 404 with its message.
   */
  async history(run) {
    const page = await run.page({ allowed: [[422, /\/api\/v1\/history\/timesheet-[0-9a-f-]+\?as_of=/], [404, /\/api\/v1\/history\/timesheet-00000000-/]] });
    await signIn(page, people.admin);
    const org = await orgOf(page);
    const api = (path) => page.evaluate((p) => fetch(`/api/v1${p}`, { credentials: "same-origin" }).then((r) => r.json()), path);
    const bogdan = (await api(`/orgs/${org}/people?limit=500`)).items.find((p) => p.given_name === "Bogdan" && p.family_name === "Nistor").person_id;
    // Two hours on Thursday 2 April, then three.
    await visit(page, `/timesheets/${bogdan}/2026-04`);
    await page.getByRole("button", { name: /^AQUASENSE WP2 A2\.1, 2 aprilie 2026:/ }).click();
    const editor = page.getByRole("region", { name: /2 aprilie 2026/ });
    await editor.getByLabel("Ore", { exact: true }).fill("2");
    await editor.getByRole("button", { name: "Adaugă" }).click();
    await page.getByRole("button", { name: /^AQUASENSE WP2 A2\.1, 2 aprilie 2026: 2 h/ }).waitFor();
    await editor.getByRole("button", { name: "Modifică" }).click();
    const change = editor.getByRole("form", { name: "Modificarea înregistrării" });
    await change.getByLabel("Ore", { exact: true }).fill("3");
    await change.getByRole("button", { name: "Salvează" }).click();
    await page.getByRole("button", { name: /^AQUASENSE WP2 A2\.1, 2 aprilie 2026: 3 h/ }).waitFor();
    const sheet = await api(`/orgs/${org}/people/${bogdan}/timesheets/2026-04`);
    const stream = `timesheet-${sheet.timesheet_id}`;
    const entryId = sheet.entries[0].entry_id;
    if ((await page.getByRole("link", { name: "Istoricul pontajului" }).getAttribute("href")) !== `/history/${stream}`) {
      throw new Error("the month's history link does not lead to its stream's history");
    }
    // From the audit log: the row's stream opens the history.
    await page.getByRole("link", { name: "Jurnal de audit" }).click();
    await page.getByLabel("Flux", { exact: true }).fill(stream);
    await page.getByRole("button", { name: "Filtrează" }).click();
    await page.getByRole("cell", { name: "TimeEntryChanged.v1" }).waitFor();
    await run.shot(page, "audit-row");
    await page.getByRole("link", { name: stream, exact: true }).first().click();
    await page.waitForURL((u) => u.pathname === `/history/${stream}`);
    await page.getByRole("heading", { level: 1, name: "Istoric: Pontajul lui Bogdan Nistor, aprilie 2026" }).waitFor();
    // The change, before → after, in the changed event.
    const changed = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /^Înregistrare de timp modificată/ }) });
    const hoursRow = changed.getByRole("row").filter({ has: page.getByTitle(`/entries/${entryId}/hours`) });
    await hoursRow.waitFor();
    const [before, after] = [await hoursRow.locator(".hist-before").innerText(), await hoursRow.locator(".hist-after").innerText()];
    if (before.trim() !== "2" || after.trim() !== "3") throw new Error(`the hours' change reads ${before} → ${after}, not 2 → 3`);
    await expectText(changed.getByRole("row"), "modificat");
    await changed.getByRole("heading", { name: /Ioana Mureșan/ }).waitFor();
    await run.shot(page, "history-head");
    // The slider, by keyboard: one step back is the entry as first recorded (2 h), Home the month opened.
    const events = (await api(`/history/${stream}`)).events;
    const recorded = events.find((e) => e.type === "TimeEntryRecorded.v1");
    const slider = page.getByRole("slider", { name: "Evenimentul" });
    const state = (name) => page.getByRole("region", { name });
    const hoursInState = (region) => region.locator(`[data-path="/entries/${entryId}/hours"] > dd`);
    await slider.focus();
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await page.waitForURL((u) => u.searchParams.get("as_of") === recorded.position);
    const then = state(new RegExp(`^Starea după versiunea ${recorded.version} `));
    await then.waitFor();
    await hoursInState(then).getByText("2", { exact: true }).waitFor(); // the old hours (the state read, not the one before it)
    if (!/Timp înregistrat/.test((await slider.getAttribute("aria-valuetext")) ?? "")) throw new Error("the slider does not say which event it is on");
    await page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /^Timp înregistrat/ }) }).and(page.locator('[aria-current="step"]')).waitFor();
    await run.shot(page, "history-as-of-first-entry");
    await page.keyboard.press("Home");
    await page.waitForURL((u) => u.searchParams.get("as_of") === events[0].position);
    await state(/^Starea după versiunea 0 /).waitFor();
    await state(/^Starea după versiunea 0 /).locator('[data-path="/status"]').waitFor();
    await hoursInState(state(/^Starea după versiunea 0 /)).waitFor({ state: "detached" }); // the month as opened: no entry yet
    await page.keyboard.press("ArrowRight");
    await page.waitForURL((u) => u.searchParams.get("as_of") === recorded.position);
    // The link reproduces the view: a reload keeps the as_of, the state and the slider.
    await then.waitFor();
    await page.waitForLoadState("networkidle"); // a reload aborts requests in flight
    await page.reload();
    await then.waitFor();
    await hoursInState(then).getByText("2", { exact: true }).waitFor(); // after a reload, still the as-of's state
    if ((await slider.inputValue()) !== String(events.indexOf(recorded))) throw new Error("after a reload the slider is not on the as-of's event");
    // Pages: two events a page, the rest by "more" (the focus on the first one it brought); a link to a later as-of reads on to it.
    await visit(page, `/history/${stream}?limit=2`);
    await page.getByRole("heading", { name: "Evenimente (2)" }).waitFor();
    await page.getByRole("button", { name: "Încarcă mai multe evenimente" }).click();
    await page.getByRole("heading", { name: "Evenimente (3)" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-index") === "2");
    await visit(page, `/history/${stream}?limit=1&as_of=${events[2].position}`);
    await page.getByRole("heading", { name: "Evenimente (3)" }).waitFor();
    await state(/^Starea după versiunea 2 /).waitFor();
    if ((await slider.inputValue()) !== "2") throw new Error("a link's as-of past the first page does not put the slider on its event");
    // A time before the month existed is explained (the server's 422 no_events), and the slider goes on to the first event.
    await page.getByLabel("Data și ora").fill("2020-01-01T09:30:15");
    await page.getByRole("button", { name: "Arată starea de atunci" }).click();
    await page.getByText(/^Momentul ales este înaintea primului eveniment/).waitFor();
    await run.shot(page, "history-before-first");
    await page.getByRole("button", { name: "Mergi la primul eveniment" }).click();
    await state(/^Starea după versiunea 0 /).waitFor();
    // A stream that does not exist: the server's 404 and its message.
    await visit(page, "/history/timesheet-00000000-0000-0000-0000-000000000000");
    await page.getByRole("alert").filter({ hasText: "not_found" }).waitFor();
  },

  /**
   * Tasks: two users on one board. The project manager creates a project's list and its tasks; Elena opens the
   * board; a card the manager drags to another column moves on Elena's board without a reload, and one Elena moves
   * by keyboard moves on his. Both edit the same task's title from the same version: the second save gets the
   * conflict dialog (her title beside the current one), she keeps hers and it reaches the manager's drawer. Then
   * she changes the priority while he changes the due date, from the same version: both survive. A comment
   * mentions him through the @ completion, by keyboard. Both edit the description from one version: he takes the
   * current one. The list view: a text filter saved and shared, which she applies; the tasks as of a moment
   * before the edits, answered from the log.
   */
  async tasks(run) {
    const conflicts = [[409, /\/api\/v1\/orgs\/[^/]+\/tasks\/[^/]+$/]];
    const a = await run.page({ allowed: conflicts });
    const b = await run.page({ allowed: conflicts });
    await signIn(a, people.pm);
    await signIn(b, people.elena);
    const stamp = new Date().toISOString().slice(0, 19).replace(/\D/g, "");
    const listName = `Campanie de teren ${stamp}`;
    const [sampling, calibration] = ["Prelevare probe râul Someș", "Calibrare senzori"];
    // The manager creates the list of AQUASENSE from the navigation, then two tasks.
    await a.getByRole("link", { name: "Sarcini" }).click();
    await a.getByRole("heading", { name: "Sarcini", level: 1 }).waitFor();
    const newList = a.getByRole("form", { name: "Listă nouă" });
    await newList.getByLabel("Numele listei").fill(listName);
    await newList.getByLabel("Proiect").selectOption({ label: "AQUASENSE" });
    await newList.getByRole("button", { name: "Creează lista" }).click();
    await a.waitForURL(/\/tasks\/lists\/[0-9a-f-]+$/);
    await a.getByRole("heading", { name: listName, level: 1 }).waitFor();
    const boardPath = new URL(a.url()).pathname;
    const column = (page, name) => page.getByRole("region", { name, exact: true });
    const card = (page, title) => page.locator("li.task-card").filter({ has: page.getByRole("button", { name: title, exact: true }) });
    const newTask = a.getByRole("form", { name: "Sarcină nouă" });
    await newTask.getByLabel("Titlu").fill(sampling);
    await newTask.getByRole("button", { name: "Adaugă sarcina" }).click();
    await card(a, sampling).waitFor();
    await newTask.getByLabel("Titlu").fill(calibration);
    await newTask.getByLabel("Prioritate").selectOption({ label: "Ridicată" });
    await newTask.getByLabel("Responsabil").selectOption({ label: "Elena Dumitrașcu" });
    await newTask.getByRole("button", { name: "Adaugă sarcina" }).click();
    await column(a, "De făcut").getByRole("button", { name: calibration, exact: true }).waitFor();
    // Elena opens the same board; nothing after this reloads her page.
    await visit(b, boardPath);
    await column(b, "De făcut").getByRole("button", { name: sampling, exact: true }).waitFor();
    await card(b, calibration).getByText("Ridicată").waitFor();
    await card(b, calibration).locator('.avatar[title="Elena Dumitrașcu"]').waitFor();
    await b.evaluate(() => (window.cronicaNoReload = true));
    await a.evaluate(() => (window.cronicaNoReload = true));
    await run.shot(b, "board");
    // The manager drags the sampling card into "În lucru" with the mouse: it moves on Elena's board.
    await card(a, sampling).dragTo(column(a, "În lucru").locator("ol.cards"), { sourcePosition: { x: 3, y: 3 } });
    await column(a, "În lucru").getByRole("button", { name: sampling, exact: true }).waitFor();
    await column(b, "În lucru").getByRole("button", { name: sampling, exact: true }).waitFor();
    await run.shot(b, "pushed-move");
    // Elena moves the calibration card by keyboard: Alt + → to the next column (same place: first), Alt + ↓ under
    // the sampling card; the focus stays on it, and the manager's board follows.
    const order = (page, ...titles) =>
      page.waitForFunction(
        (want) => [...document.querySelectorAll('[aria-label="În lucru"] .card-open')].map((e) => e.textContent).join("|") === want,
        titles.join("|"),
      );
    await column(b, "De făcut").getByRole("button", { name: calibration, exact: true }).focus();
    await b.keyboard.press("Alt+ArrowRight");
    await order(b, calibration, sampling);
    await b.waitForFunction((title) => document.activeElement?.textContent === title && document.activeElement.closest('[aria-label="În lucru"]'), calibration);
    await b.keyboard.press("Alt+ArrowDown");
    await order(b, sampling, calibration);
    await order(a, sampling, calibration);
    if ((await b.evaluate(() => document.activeElement?.textContent)) !== calibration) throw new Error("the focus did not follow the card moved by keyboard");
    await run.shot(a, "pushed-keyboard-move");
    // This moment (its second, in the browser's zone) is before every edit below: the as-of view comes back to it.
    const beforeEdits = await b.evaluate(() => {
      const d = new Date();
      const p = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    });
    await b.waitForTimeout(1100);

    // Both open the calibration task; both start editing its title from the same version.
    const drawer = (page) => page.getByRole("dialog", { name: /^Sarcina: / });
    const title = (page) => drawer(page).getByLabel(/^Titlu( \(modificat\))?$/);
    const version = async (page) => Number((await drawer(page).getByText(/^versiunea \d+$/).innerText()).match(/\d+/)[0]);
    await card(a, calibration).getByRole("button", { name: calibration, exact: true }).click();
    await card(b, calibration).getByRole("button", { name: calibration, exact: true }).click();
    await drawer(a).getByRole("heading", { name: `Sarcina: ${calibration}` }).waitFor();
    await drawer(b).getByRole("heading", { name: `Sarcina: ${calibration}` }).waitFor();
    const v0 = await version(a);
    if ((await version(b)) !== v0) throw new Error("the two drawers do not show the same version");
    const [hisTitle, herTitle] = ["Calibrare senzori de turbiditate", "Calibrare senzori turbiditate și pH"];
    await title(b).fill(herTitle);
    await title(a).fill(hisTitle);
    await drawer(a).getByRole("button", { name: "Salvează modificările" }).click();
    await drawer(a).getByRole("heading", { name: `Sarcina: ${hisTitle}` }).waitFor();
    // Elena's drawer follows the task (the new version) and keeps her title as typed.
    await drawer(b).getByText(`versiunea ${v0 + 1}`, { exact: true }).waitFor();
    if ((await title(b).inputValue()) !== herTitle) throw new Error("the title Elena typed was lost when the task changed");
    await drawer(b).getByRole("button", { name: "Salvează modificările" }).click();
    const conflict = b.getByRole("dialog", { name: "Altcineva a modificat același câmp" });
    await conflict.waitFor();
    const titleRow = conflict.getByRole("row").filter({ has: b.getByRole("rowheader", { name: "Titlu" }) });
    await titleRow.locator(".conflict-mine").filter({ hasText: herTitle }).waitFor();
    await titleRow.locator(".conflict-theirs").filter({ hasText: hisTitle }).waitFor();
    await b.waitForFunction(() => document.activeElement?.closest('[role="dialog"][aria-modal="true"]'));
    await run.shot(b, "conflict");
    await conflict.getByRole("button", { name: "Păstrează varianta mea" }).click();
    await conflict.waitFor({ state: "detached" });
    await drawer(b).getByRole("heading", { name: `Sarcina: ${herTitle}` }).waitFor();
    await drawer(a).getByRole("heading", { name: `Sarcina: ${herTitle}` }).waitFor();
    await column(a, "În lucru").getByRole("button", { name: herTitle, exact: true }).waitFor();
    // Different fields from the same version: he sets the due date, she the priority; both survive.
    const v1 = await version(a);
    await b.getByText(`versiunea ${v1}`, { exact: true }).waitFor();
    await drawer(a).getByLabel(/^Termen/).fill("2026-06-15");
    await drawer(b).getByLabel(/^Prioritate/).selectOption({ label: "Urgentă" });
    await drawer(a).getByRole("button", { name: "Salvează modificările" }).click();
    await drawer(b).getByText(`versiunea ${v1 + 1}`, { exact: true }).waitFor();
    await drawer(b).getByRole("button", { name: "Salvează modificările" }).click();
    await drawer(b).getByText(`versiunea ${v1 + 2}`, { exact: true }).waitFor();
    await drawer(a).getByText(`versiunea ${v1 + 2}`, { exact: true }).waitFor();
    for (const page of [a, b]) {
      if ((await drawer(page).getByLabel(/^Termen/).inputValue()) !== "2026-06-15") throw new Error("the due date did not survive the other edit");
      if ((await drawer(page).getByLabel(/^Prioritate/).inputValue()) !== "urgent") throw new Error("the priority did not survive the other edit");
      await card(page, herTitle).getByText("Termen: 15 iunie 2026").waitFor();
      await card(page, herTitle).getByText("Urgentă").waitFor();
    }
    if (await b.getByRole("dialog", { name: "Altcineva a modificat același câmp" }).count()) throw new Error("edits of different fields were shown as a conflict");
    await run.shot(a, "both-fields");
    // Once more from one version, on the description: this time the manager takes the current one.
    const v2 = await version(a);
    await drawer(b).getByText(`versiunea ${v2}`, { exact: true }).waitFor();
    for (const [page, text] of [[a, "Senzorii de pe malul stâng."], [b, "Senzorii de pe **ambele** maluri."]]) {
      await drawer(page).getByRole("button", { name: "Scrie" }).click();
      await drawer(page).getByLabel("Descrierea (Markdown)").fill(text);
    }
    await drawer(b).getByRole("button", { name: "Salvează modificările" }).click();
    await drawer(a).getByText(`versiunea ${v2 + 1}`, { exact: true }).waitFor();
    await drawer(a).getByRole("button", { name: "Salvează modificările" }).click();
    const his = a.getByRole("dialog", { name: "Altcineva a modificat același câmp" });
    await his.locator(".conflict-mine").filter({ hasText: "Senzorii de pe malul stâng." }).waitFor();
    await his.locator(".conflict-theirs").filter({ hasText: "Senzorii de pe **ambele** maluri." }).waitFor();
    await his.getByRole("button", { name: "Preia varianta actuală" }).click();
    await his.waitFor({ state: "detached" });
    await drawer(a).getByRole("button", { name: "Salvată" }).click();
    await drawer(a).locator(".markdown.saved strong").filter({ hasText: "ambele" }).waitFor();
    if (await drawer(a).getByRole("button", { name: "Salvează modificările" }).isEnabled()) throw new Error("taking the current description left a change to save");
    // A comment mentioning the manager, chosen from the completion by keyboard; it reaches his drawer.
    const comment = drawer(b).getByLabel("Comentariul");
    await comment.click();
    await comment.pressSequentially("Am verificat senzorii, @Mih");
    const options = drawer(b).getByRole("listbox", { name: "Persoane de menționat" });
    await options.getByRole("option", { name: "Mihaela Țurcanu" }).waitFor();
    await b.keyboard.press("Enter");
    await comment.pressSequentially("te rog confirmă.");
    if (!/@\[Mihaela Țurcanu\]\(person:[0-9a-f-]+\) te rog confirmă\.$/.test(await comment.inputValue())) {
      throw new Error(`the mention was not inserted: ${await comment.inputValue()}`);
    }
    await drawer(b).getByRole("button", { name: "Adaugă comentariul" }).click();
    await drawer(a).locator(".comment .mention").filter({ hasText: "@Mihaela Țurcanu" }).waitFor();
    await run.shot(a, "comment-mention");
    // Escape closes the drawer and gives the focus back to the card.
    await drawer(a).getByRole("heading").first().focus();
    await a.keyboard.press("Escape");
    await drawer(a).waitFor({ state: "detached" });
    await a.waitForFunction((title) => document.activeElement?.textContent === title, herTitle);

    // The list view: a text filter (diacritics ignored: "si" finds "și"), saved and shared; Elena applies it.
    const views = (page) => page.getByRole("navigation", { name: "Moduri de afișare" });
    const table = (page) => page.getByRole("table", { name: /^Sarcinile găsite/ });
    const row = (page, title) => table(page).getByRole("row").filter({ has: page.getByRole("button", { name: title, exact: true }) });
    await views(a).getByRole("link", { name: "Listă" }).click();
    await row(a, sampling).waitFor();
    await a.getByLabel("Text", { exact: true }).fill("senzori si");
    await a.getByRole("button", { name: "Filtrează" }).click();
    await row(a, sampling).waitFor({ state: "detached" });
    await row(a, herTitle).getByText("Urgentă").waitFor();
    await a.getByText(/^Filtre salvate/).click();
    const saveFilter = a.getByRole("form", { name: "Salvează filtrul" });
    await saveFilter.getByLabel("Numele filtrului").fill(`Senzori ${stamp}`);
    await saveFilter.getByLabel("Împărtășit cu organizația").check();
    await saveFilter.getByRole("button", { name: "Salvează filtrul" }).click();
    await a.getByLabel("Filtrul salvat").locator("option", { hasText: `Senzori ${stamp}` }).waitFor({ state: "attached" });
    await run.shot(a, "list-filtered");
    await drawer(b).getByRole("button", { name: "Închide sarcina" }).click();
    await views(b).getByRole("link", { name: "Listă" }).click();
    await row(b, sampling).waitFor();
    await b.getByText(/^Filtre salvate/).click();
    await b.getByLabel("Filtrul salvat").selectOption({ label: `Senzori ${stamp} (împărtășit)` });
    await b.getByRole("button", { name: "Aplică filtrul" }).click();
    await row(b, sampling).waitFor({ state: "detached" });
    await row(b, herTitle).waitFor();
    if ((await b.getByLabel("Text", { exact: true }).inputValue()) !== "senzori si") throw new Error("the saved filter's text is not shown");
    // As of the moment before the edits, answered from the log: the old title and priority, not today's.
    await a.getByRole("button", { name: "Șterge filtrele" }).click();
    await row(a, sampling).waitFor();
    await a.getByLabel("Starea la data și ora").fill(beforeEdits);
    await a.getByText(/^Sarcinile cum erau la /).waitFor();
    await row(a, calibration).getByText("Ridicată").waitFor();
    await row(a, herTitle).waitFor({ state: "detached" });
    await row(a, sampling).waitFor();
    await run.shot(a, "list-as-of");
    await a.getByRole("button", { name: "Arată starea de azi" }).click();
    await row(a, herTitle).getByText("Urgentă").waitFor();
    await row(a, calibration).waitFor({ state: "detached" });
    for (const page of [a, b]) {
      if (!(await page.evaluate(() => window.cronicaNoReload))) throw new Error("a page reloaded during the scenario");
    }
  },

  /**
   * A task in detail: the manager edits the list's columns (renames one, adds one and moves it left); a task's
   * description in Markdown, previewed then rendered by the server; its work package and activity; a subtask and
   * a dependency, marked on its card; Elena opens it from its link and logs time on it through the Time rules,
   * and comments, edits and deletes her comment; labels on the card; a column removed with a task in it (the task
   * goes where the manager says); a task archived leaves the board and is found among the archived, then
   * restored; the search across lists; the board in English.
   */
  async taskdetails(run) {
    const a = await run.page();
    const b = await run.page();
    await signIn(a, people.pm);
    await signIn(b, people.elena);
    const stamp = new Date().toISOString().slice(0, 19).replace(/\D/g, "");
    await visit(a, "/tasks");
    const newList = a.getByRole("form", { name: "Listă nouă" });
    await newList.getByLabel("Numele listei").fill(`Raportare ${stamp}`);
    await newList.getByLabel("Proiect").selectOption({ label: "AQUASENSE" });
    await newList.getByRole("button", { name: "Creează lista" }).click();
    await a.waitForURL(/\/tasks\/lists\/[0-9a-f-]+$/);
    const column = (page, name) => page.getByRole("region", { name, exact: true });
    const card = (page, title) => page.locator("li.task-card").filter({ has: page.getByRole("button", { name: title, exact: true }) });
    const columns = (page) => page.evaluate(() => [...document.querySelectorAll(".board-column")].map((c) => c.getAttribute("aria-label")).join("|"));
    // Columns: "În lucru" becomes "În analiză"; "Verificare" is added and moved before "Gata".
    await a.getByRole("button", { name: "Modifică coloanele" }).click();
    const editor = a.getByRole("form", { name: "Coloanele listei" });
    await editor.getByLabel("Coloana 2").fill("În analiză");
    await editor.getByRole("button", { name: "Adaugă o coloană" }).click();
    await editor.getByLabel("Coloana 4").fill("Verificare");
    await editor.getByRole("button", { name: "Mută coloana Verificare la stânga" }).click();
    await run.shot(a, "columns-editor");
    await editor.getByRole("button", { name: "Salvează coloanele" }).click();
    await column(a, "Verificare").waitFor();
    if ((await columns(a)) !== "De făcut|În analiză|Verificare|Gata") throw new Error(`the columns are ${await columns(a)}`);
    const newTask = a.getByRole("form", { name: "Sarcină nouă" });
    for (const title of ["Raport intermediar", "Date de teren"]) {
      await newTask.getByLabel("Titlu").fill(title);
      await newTask.getByRole("button", { name: "Adaugă sarcina" }).click();
      await card(a, title).waitFor();
    }
    // The description in Markdown: previewed as typed, then the server's rendering; the activity to log time on.
    await card(a, "Raport intermediar").getByRole("button", { name: "Raport intermediar", exact: true }).click();
    const drawer = a.getByRole("dialog", { name: "Sarcina: Raport intermediar" });
    await drawer.getByRole("button", { name: "Scrie" }).click();
    await drawer.getByLabel("Descrierea (Markdown)").fill("## Structură\n\n- **metoda** de prelevare\n- rezultatele `v2`\n\n<script>window.pwned = 1</script>");
    await drawer.getByRole("button", { name: "Previzualizare" }).first().click();
    await drawer.getByRole("region", { name: "Previzualizare" }).locator("strong").filter({ hasText: "metoda" }).waitFor();
    await drawer.getByLabel(/^Pachet de lucru/).selectOption({ label: "WP2 · Cercetare și dezvoltare" });
    await drawer.getByLabel(/^Activitate/).selectOption({ label: "A2.1 · Colectarea datelor de la senzori" });
    await drawer.getByRole("button", { name: "Salvează modificările" }).click();
    await drawer.getByRole("button", { name: "Salvată" }).click();
    await drawer.locator(".markdown.saved strong").filter({ hasText: "metoda" }).waitFor();
    await drawer.locator(".markdown.saved code").filter({ hasText: "v2" }).waitFor();
    if (await a.evaluate(() => window.pwned)) throw new Error("a script in the description ran");
    if (await drawer.locator(".markdown.saved script").count()) throw new Error("the server's rendering kept a script");
    // A subtask and a dependency, marked on the card.
    await drawer.getByLabel("Titlul subsarcinii").fill("Grafice");
    await drawer.getByRole("button", { name: "Adaugă subsarcina" }).click();
    await drawer.getByRole("heading", { name: "Subsarcini (0/1 gata)" }).waitFor();
    await card(a, "Raport intermediar").getByText("Subsarcini: 0/1").waitFor();
    await card(a, "Grafice").getByText("↳ Raport intermediar").waitFor();
    await drawer.getByLabel("Sarcina care o blochează").selectOption({ label: "Date de teren" });
    await drawer.getByRole("button", { name: "Adaugă dependența" }).click();
    await drawer.getByRole("region", { name: "Dependențe" }).getByRole("button", { name: "Date de teren", exact: true }).waitFor();
    await card(a, "Raport intermediar").getByText("Blocată").waitFor();
    await run.shot(a, "drawer");
    const taskId = await card(a, "Raport intermediar").getAttribute("data-task");
    // Elena opens it from its link and logs two and a half hours on it: they go into her timesheet.
    await visit(b, `/tasks/task/${taskId}`);
    const hers = b.getByRole("dialog", { name: "Sarcina: Raport intermediar" });
    await hers.getByText("Timpul intră în pontaj pe activitatea WP2 A2.1 · Colectarea datelor de la senzori.").waitFor();
    const time = hers.getByRole("form", { name: "Înregistrează timpul" });
    await time.getByLabel("Data").fill("2026-05-05");
    await time.getByLabel("Ore", { exact: true }).fill("2,5");
    await time.getByRole("button", { name: "Înregistrează timpul" }).click();
    await hers.getByRole("heading", { name: "Timp lucrat (2,5 h)" }).waitFor();
    await hers.getByText(/^5 mai 2026 · Elena Dumitrașcu · 2,5 h$/).waitFor();
    await drawer.getByRole("heading", { name: "Timp lucrat (2,5 h)" }).waitFor(); // and live in his drawer
    await run.shot(b, "time-logged");
    // Her comment, edited, then deleted: his drawer follows each step.
    await hers.getByLabel("Comentariul").fill("Datele sunt încărcate.");
    await hers.getByRole("button", { name: "Adaugă comentariul" }).click();
    await drawer.locator(".comment").filter({ hasText: "Datele sunt încărcate." }).waitFor();
    await hers.locator(".comment").filter({ hasText: "Datele sunt încărcate." }).getByRole("button", { name: "Modifică" }).click();
    const editComment = hers.getByRole("form", { name: "Modificarea comentariului" });
    await editComment.getByLabel("Comentariul").fill("Datele sunt încărcate și verificate.");
    await editComment.getByRole("button", { name: "Salvează" }).click();
    await drawer.locator(".comment").filter({ hasText: "Datele sunt încărcate și verificate." }).getByText(/^ · modificat /).waitFor();
    await hers.locator(".comment").filter({ hasText: "verificate" }).getByRole("button", { name: "Șterge" }).click();
    await drawer.getByText("Comentariu șters (Elena Dumitrașcu).").waitFor();
    await visit(b, b.url().replace(base, "").replace(/\/tasks\/lists\/.*/, "/timesheet"));
    await b.waitForURL(/\/timesheets\//);
    await visit(b, new URL(b.url()).pathname.replace(/\d{4}-\d{2}$/, "2026-05"));
    await b.getByRole("button", { name: /^AQUASENSE WP2 A2\.1, 5 mai 2026: 2,5 h/ }).waitFor(); // a fresh demo: no other time that day
    // Labels, on the card.
    await drawer.getByLabel(/^Etichete/).fill("teren, Raport");
    await drawer.getByRole("button", { name: "Salvează modificările" }).click();
    await card(a, "Raport intermediar").locator(".label-chip").filter({ hasText: "teren" }).waitFor();
    await drawer.getByRole("button", { name: "Închide sarcina" }).click();
    // A column removed with a task in it: the task goes where the manager says ("Gata"), where the subtask is done.
    await card(a, "Grafice").getByRole("button", { name: "Grafice", exact: true }).focus();
    await a.keyboard.press("Alt+ArrowRight");
    await column(a, "În analiză").getByRole("button", { name: "Grafice", exact: true }).waitFor();
    await a.keyboard.press("Alt+ArrowRight");
    await column(a, "Verificare").getByRole("button", { name: "Grafice", exact: true }).waitFor();
    await a.getByRole("button", { name: "Modifică coloanele" }).click();
    await editor.getByRole("button", { name: "Elimină coloana Verificare" }).click();
    await editor.getByLabel("Sarcinile din Verificare (1) merg în").selectOption({ label: "Gata" });
    await editor.getByRole("button", { name: "Salvează coloanele" }).click();
    await column(a, "Gata").getByRole("button", { name: "Grafice", exact: true }).waitFor();
    if ((await columns(a)) !== "De făcut|În analiză|Gata") throw new Error(`the columns are ${await columns(a)}`);
    await card(a, "Raport intermediar").getByText("Subsarcini: 1/1").waitFor();
    // Archived, it leaves the board; the list finds it among the archived; restored, it is back.
    await card(a, "Date de teren").getByRole("button", { name: "Date de teren", exact: true }).click();
    const other = a.getByRole("dialog", { name: "Sarcina: Date de teren" });
    await other.getByRole("button", { name: "Arhivează sarcina" }).click();
    await other.getByText("Arhivată", { exact: true }).waitFor();
    await card(a, "Date de teren").waitFor({ state: "detached" });
    await other.getByRole("button", { name: "Închide sarcina" }).click();
    await a.getByRole("navigation", { name: "Moduri de afișare" }).getByRole("link", { name: "Listă" }).click();
    await a.getByLabel("Arhivate").selectOption({ label: "Doar cele arhivate" });
    const table = a.getByRole("table", { name: /^Sarcinile găsite/ });
    await table.getByRole("button", { name: "Date de teren", exact: true }).click();
    await other.getByRole("button", { name: "Readu sarcina din arhivă" }).click();
    await other.getByRole("button", { name: "Arhivează sarcina" }).waitFor();
    await table.getByRole("button", { name: "Date de teren", exact: true }).waitFor({ state: "detached" });
    // The search across every list.
    await visit(a, "/tasks/find");
    await a.getByRole("heading", { name: "Caută sarcini", level: 1 }).waitFor();
    await a.getByLabel("Text", { exact: true }).fill("raport intermed");
    await a.getByRole("button", { name: "Filtrează" }).click();
    await a.getByRole("table", { name: /^Sarcinile găsite/ }).getByRole("button", { name: "Raport intermediar", exact: true }).click();
    await a.getByRole("dialog", { name: "Sarcina: Raport intermediar" }).waitFor();
    await run.shot(a, "find");
    await a.waitForFunction(() => document.activeElement?.closest(".drawer")); // the drawer opened takes the focus
    await a.keyboard.press("Escape");
    await a.getByRole("dialog", { name: "Sarcina: Raport intermediar" }).waitFor({ state: "detached" });
    // In English.
    await a.getByRole("button", { name: "English" }).click();
    await a.getByRole("link", { name: "Tasks" }).click();
    await a.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
    await a.getByRole("link", { name: `Raportare ${stamp}`, exact: true }).click();
    await a.getByRole("form", { name: "New task" }).getByRole("button", { name: "Add the task" }).waitFor();
    await card(a, "Raport intermediar").getByText("Subtasks: 1/1").waitFor();
    await run.shot(a, "english");
    await a.getByRole("button", { name: "Română" }).click();
  },

  /**
   * Chat and search: a custom channel of three; Elena sees the manager's message without a reload (Markdown
   * rendered by the server, a mention chosen by keyboard, a script in a message neither kept nor run), replies in
   * a thread and reacts, both live on the manager's side; Bogdan sees his unread count; Elena searches "sedinta"
   * and finds "ședință" highlighted in the message's plain text, the author and channel named in the facets and the
   * hit, and its link opens the message; Bogdan, removed from the channel, loses it at
   * once (no reload), and neither the list, the channel nor the search shows it to him any more; added back, he
   * gets it back in his list and its next message live, still without a reload. The mention's mail links to the
   * message: opened in a new tab once 31 newer messages pushed it off the latest page, the channel opens around it
   * (around=), marked and in view, newer pages coming on scrolling down; a link to a reply opens its thread.
   */
  async chat(run) {
    const stamp = new Date().toISOString().slice(0, 19).replace(/\D/g, "");
    const channelName = `Raport intermediar ${stamp}`;
    const a = await run.page();
    const b = await run.page();
    // Bogdan's reads of the channel are refused once he is removed from it.
    const gone = [
      [404, /\/api\/v1\/orgs\/[^/]+\/channels\/[0-9a-f-]+(\/messages)?(\?.*)?$/],
      [404, /\/api\/v1\/orgs\/[^/]+\/channels\/[0-9a-f-]+\/read$/],
    ];
    const c = await run.page({ allowed: gone });
    await signIn(a, people.pm);
    await signIn(b, people.elena);
    await signIn(c, people.bogdan);
    const messages = (page) => page.getByRole("list", { name: "Mesaje", exact: true });
    const message = (page, text) => messages(page).locator("li.message").filter({ hasText: text });

    // Elena takes her quiet hours off, so the mention's mail goes out at once whatever the hour.
    await visit(b, "/settings/notifications");
    await b.getByRole("heading", { name: "Setările notificărilor" }).waitFor();
    const noQuiet = b.getByRole("button", { name: "Fără ore de liniște" });
    if (await noQuiet.isEnabled()) {
      await noQuiet.click();
      await b.getByRole("button", { name: "Salvează setările" }).click();
      await b.getByRole("status").filter({ hasText: "Salvat." }).waitFor();
    }

    // The manager creates the channel from the navigation.
    await a.getByRole("link", { name: "Chat", exact: true }).click();
    await a.getByRole("heading", { name: "Chat", level: 1 }).waitFor();
    await a.getByText("Canal nou sau mesaj direct").click();
    const form = a.getByRole("form", { name: "Canal nou sau mesaj direct" });
    await form.getByLabel("Canal cu nume").check();
    await form.getByLabel("Numele canalului").fill(channelName);
    await form.getByLabel("Caută o persoană").fill("dumitr");
    await form.getByLabel("Elena Dumitrașcu").check();
    await form.getByLabel("Caută o persoană").fill("nistor");
    await form.getByLabel("Bogdan Nistor").check();
    await run.shot(a, "new-channel");
    await form.getByRole("button", { name: "Creează canalul" }).click();
    await a.waitForURL(/\/chat\/[0-9a-f-]+$/);
    const channelPath = new URL(a.url()).pathname;
    await a.getByRole("heading", { name: `# ${channelName}`, level: 2 }).waitFor();

    // Elena and Bogdan open Chat; Elena the channel. Nothing after this reloads their pages.
    for (const p of [b, c]) {
      await p.getByRole("link", { name: "Chat", exact: true }).click();
      await p.getByRole("navigation", { name: "Canale" }).getByRole("link", { name: channelName }).waitFor();
      await p.evaluate(() => (window.cronicaNoReload = true));
    }
    await b.getByRole("navigation", { name: "Canale" }).getByRole("link", { name: channelName }).click();
    await b.getByRole("heading", { name: `# ${channelName}`, level: 2 }).waitFor();

    // The manager writes in Markdown, mentions Elena by keyboard, previews it (text, not HTML), and sends it.
    const body = a.getByLabel("Mesaj", { exact: true });
    await body.fill(`Mâine la 10 avem ședință despre **raportul intermediar** (${stamp}), `);
    await body.pressSequentially("@Ele");
    await a.getByRole("option", { name: "Elena Dumitrașcu" }).waitFor();
    await body.press("Enter");
    await body.pressSequentially("vă rog să aduceți cifrele.");
    if (!(await body.inputValue()).includes("@[Elena Dumitrașcu](person:")) throw new Error("the mention was not inserted");
    await a.getByRole("button", { name: "Previzualizare" }).click();
    await a.getByRole("region", { name: "Previzualizare" }).locator("strong", { hasText: "raportul intermediar" }).waitFor();
    await a.getByRole("button", { name: "Trimite", exact: true }).click();
    await message(a, stamp).locator(".markdown strong", { hasText: "raportul intermediar" }).waitFor();

    // Elena sees it without a reload: the server's HTML, the mention as a mention.
    const first = message(b, stamp);
    await first.locator(".markdown strong", { hasText: "raportul intermediar" }).waitFor();
    await first.locator(".markdown .mention", { hasText: "Elena Dumitrașcu" }).waitFor();
    // Bogdan, elsewhere in Chat, sees the channel unread.
    await c.getByRole("navigation", { name: "Canale" }).getByRole("link", { name: channelName }).locator(".unread-count", { hasText: "1" }).waitFor();
    await run.shot(b, "message-live");

    // A script in a message: previewed as text, never run, not in the server's HTML.
    await body.fill('Test <script>window.chatPwned = 1</script> și [legătură](javascript:window.chatPwned=2) gata');
    await a.getByRole("button", { name: "Previzualizare" }).click();
    await a.getByRole("region", { name: "Previzualizare" }).getByText("window.chatPwned = 1", { exact: false }).waitFor();
    await a.getByRole("button", { name: "Previzualizare" }).click();
    await a.getByRole("button", { name: "Trimite", exact: true }).click();
    const injected = message(b, "gata");
    await injected.waitFor();
    for (const p of [a, b]) {
      await message(p, "gata").waitFor();
      const ran = await p.evaluate(() => window.chatPwned);
      if (ran !== undefined) throw new Error(`a script in a message ran (${ran})`);
      if (await messages(p).locator("script, [href^='javascript:' i], [onerror], [onclick]").count()) throw new Error("the message list holds script");
    }

    // Elena replies in a thread and reacts; the manager sees both without a reload.
    await first.getByRole("button", { name: "Răspunde în fir" }).click();
    const thread = b.getByRole("complementary", { name: "Fir de discuție" });
    await thread.getByRole("list", { name: "Mesajul inițial" }).getByText("raportul intermediar").waitFor();
    await thread.getByLabel("Răspuns", { exact: true }).fill("Aduc cifrele din *februarie*.");
    await thread.getByRole("button", { name: "Trimite răspunsul" }).click();
    await thread.getByRole("list", { name: "Răspunsuri" }).locator("em", { hasText: "februarie" }).waitFor();
    const replyId = await thread.getByRole("list", { name: "Răspunsuri" }).locator("li.message").filter({ hasText: "februarie" }).getAttribute("data-message");
    await first.getByRole("button", { name: "Reacție", exact: true }).click();
    await first.getByRole("button", { name: "Reacționează cu 👍" }).click();
    await first.getByRole("button", { name: "👍 1" }).waitFor();
    await message(a, stamp).getByRole("button", { name: "Răspunsuri: 1" }).waitFor();
    await message(a, stamp).getByRole("button", { name: "👍 1" }).waitFor();
    if ((await message(a, stamp).getByRole("button", { name: "👍 1" }).getAttribute("aria-pressed")) !== "false") {
      throw new Error("Elena's reaction is shown as the manager's own");
    }
    await run.shot(b, "thread-and-reaction");
    await message(a, stamp).getByRole("button", { name: "Răspunsuri: 1" }).click();
    await a.getByRole("complementary", { name: "Fir de discuție" }).locator("em", { hasText: "februarie" }).waitFor();
    await run.shot(a, "thread");

    // Search: "sedinta" without diacritics finds the manager's "ședință", highlighted, for Elena and Bogdan.
    const search = async (page) => {
      await visit(page, "/search?q=sedinta");
      const hit = page.getByRole("list", { name: "Rezultate" }).locator("li.hit").filter({ hasText: stamp });
      // The index follows the log a moment behind the read models: ask again until it has the message.
      for (let i = 0; i < 50 && !(await hit.count()); i++) {
        await page.waitForTimeout(200);
        await visit(page, "/chat");
        await visit(page, "/search?q=sedinta");
        await page.getByRole("status").filter({ hasText: /\d+ rezultate/ }).waitFor();
      }
      return hit;
    };
    const found = await search(b);
    await found.locator("mark", { hasText: /^ședință$/ }).waitFor();
    // Names, not ids: the facets and the hit's line name the manager and the channel; the fragment is the
    // message's text without its Markdown marks (the mention as @Name).
    await b.getByRole("group", { name: "Autor" }).locator("label", { hasText: "Mihaela Țurcanu" }).waitFor();
    await b.getByRole("group", { name: "Canal" }).locator("label", { hasText: channelName }).waitFor();
    await found.locator(".hit-meta", { hasText: `${channelName} · ` }).filter({ hasText: "Mihaela Țurcanu" }).waitFor();
    await found.locator(".fragment", { hasText: "raportul intermediar" }).filter({ hasText: "@Elena Dumitrașcu" }).waitFor();
    if (/\*\*|\]\(person:/.test(await found.textContent())) throw new Error("a search hit shows Markdown marks");
    await b.getByRole("navigation", { name: "Tipuri de rezultate" }).getByRole("link", { name: /^Mesaje \(\d+\)$/ }).waitFor();
    // Facets are multiple choice: ticking an author filters the hits to them, and the author facet, counted
    // without its own tick, still lists every author it listed, so another can be ticked too.
    const authors = b.getByRole("group", { name: "Autor" }).locator("label");
    const listed = await authors.count();
    await authors.filter({ hasText: "Mihaela Țurcanu" }).getByRole("checkbox").check();
    await b.waitForURL(/[?&]author=/);
    await authors.filter({ hasText: "Mihaela Țurcanu" }).getByRole("checkbox").and(b.locator(":checked")).waitFor();
    await found.waitFor();
    if ((await authors.count()) !== listed) throw new Error(`the author facet lists ${await authors.count()} authors once one is ticked, ${listed} before`);
    const others = b.locator("li.hit .hit-meta").filter({ hasNotText: "Mihaela Țurcanu" });
    if (await others.count()) throw new Error("a hit by another author is shown with Mihaela Țurcanu ticked");
    await authors.filter({ hasText: "Mihaela Țurcanu" }).getByRole("checkbox").uncheck();
    await b.waitForURL((u) => !u.searchParams.has("author"));
    await run.shot(b, "search");
    await found.getByRole("link").first().click();
    await b.waitForURL(/\/chat\/[0-9a-f-]+\?message=/);
    await b.locator('li.message[aria-current="true"]').filter({ hasText: stamp }).waitFor();
    await (await search(c)).locator("mark", { hasText: /^ședință$/ }).waitFor();

    // Bogdan opens the channel; the manager removes him: it leaves his screen without a reload.
    await visit(c, channelPath);
    await message(c, stamp).waitFor();
    await a.locator(".channel-head summary", { hasText: "Participanți" }).click();
    await a.getByRole("button", { name: "Scoate pe Bogdan Nistor din canal" }).click();
    await a.getByRole("button", { name: "Scoate pe Bogdan Nistor din canal" }).waitFor({ state: "detached" });
    await c.getByRole("navigation", { name: "Canale" }).getByRole("link", { name: channelName }).waitFor({ state: "detached" });
    await c.getByRole("alert").first().waitFor();
    if (await c.locator("li.message").filter({ hasText: stamp }).count()) throw new Error("the removed member still sees the messages");
    await run.shot(c, "removed");
    // Nor does the search find them for him any more, nor count them; Elena still finds them.
    await visit(c, "/search?q=sedinta");
    await c.getByRole("status").filter({ hasText: /\d+ rezultate/ }).waitFor();
    if (await c.locator("li.hit").filter({ hasText: stamp }).count()) throw new Error("the removed member still finds the channel's messages");
    if (await c.getByRole("navigation", { name: "Canale" }).count()) throw new Error("unexpected channel list on the search page");
    await run.shot(c, "removed-search");
    await (await search(b)).locator("mark", { hasText: /^ședință$/ }).waitFor();

    // Added back while he looks at the channel he lost: it returns to his list, its messages to his screen, and
    // the manager's next message arrives live, without a reload.
    await visit(c, channelPath);
    await c.getByRole("alert").first().waitFor();
    const head = a.locator(".channel-head");
    await head.getByLabel("Persoana", { exact: true }).selectOption({ label: "Bogdan Nistor" });
    await head.getByRole("button", { name: "Adaugă participantul" }).click();
    await head.getByRole("button", { name: "Scoate pe Bogdan Nistor din canal" }).waitFor();
    await c.getByRole("navigation", { name: "Canale" }).getByRole("link", { name: channelName }).waitFor();
    await message(c, stamp).waitFor();
    await body.fill(`Bine ai revenit, Bogdan (${stamp}).`);
    await a.getByRole("button", { name: "Trimite", exact: true }).click();
    await message(c, "Bine ai revenit").waitFor();
    if (!(await c.evaluate(() => window.cronicaNoReload))) throw new Error("Bogdan's page reloaded");
    await run.shot(c, "added-back");

    // The mention's mail links to the message. 31 newer messages later it is off the latest page: opened in a new
    // tab, the channel reads the page around it, marks it and shows it; scrolling down reads the newer ones.
    const org = await orgOf(a);
    const channelId = channelPath.split("/").pop();
    const mentionId = await message(a, "raportul intermediar").getAttribute("data-message");
    await a.evaluate(
      async ({ org, channel, n }) => {
        const { csrf_token } = await fetch("/api/v1/session", { credentials: "same-origin" }).then((r) => r.json());
        for (let i = 1; i <= n; i++) {
          const r = await fetch(`/api/v1/orgs/${org}/channels/${channel}/messages`, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf_token },
            body: JSON.stringify({ body: `Pasul ${i} din ${n}` }),
          });
          if (!r.ok) throw new Error(`message ${i}: ${r.status}`);
        }
      },
      { org, channel: channelId, n: 31 },
    );
    const link = await waitForMailLink(people.elena, new RegExp(`https?://\\S+/orgs/${org}/chat/${channelId}\\?message=[0-9a-f-]+`));
    if (!link.endsWith(`?message=${mentionId}`)) throw new Error(`the mention's mail links to ${link}, not to message ${mentionId}`);
    const tab = await b.context().newPage();
    watch(tab, run.problems, []);
    let readAround = false;
    tab.on("request", (r) => {
      if (/\/channels\/[0-9a-f-]+\/messages\?(.*&)?around=/.test(r.url())) readAround = true;
    });
    await tab.goto(base + link.replace(/^https?:\/\/[^/]+/, ""));
    await tab.waitForURL((u) => u.pathname === channelPath && u.searchParams.get("message") === mentionId);
    const marked = tab.locator('li.message[aria-current="true"]');
    await marked.filter({ hasText: "raportul intermediar" }).waitFor();
    if (!readAround) throw new Error("the link did not read the page around the message");
    const inView = await marked.evaluate((el) => {
      const box = el.closest(".messages").getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return r.top >= box.top - 1 && r.top < box.bottom;
    });
    if (!inView) throw new Error("the linked message is not scrolled into view");
    await run.shot(tab, "mail-link");
    for (let i = 0; i < 30 && !(await message(tab, "Pasul 31 din 31").count()); i++) {
      await tab.locator(".messages").evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await tab.waitForTimeout(200);
    }
    await message(tab, "Pasul 31 din 31").waitFor();
    // A link to a reply opens its thread beside the channel, the reply marked there.
    await visit(tab, `${channelPath}?message=${replyId}`);
    await tab
      .getByRole("complementary", { name: "Fir de discuție" })
      .locator('li.message[aria-current="true"]')
      .filter({ hasText: "februarie" })
      .waitFor();
    await run.shot(tab, "reply-link");
  },

  /** A phone: the navigation folds behind the menu button; the grid scrolls sideways. */
  async phone(run) {
    const page = await run.page({ viewport: { width: 390, height: 844 } });
    await signIn(page, people.elena);
    await page.getByRole("heading", { name: "Pontajul meu" }).waitFor();
    const menu = page.getByRole("button", { name: "Meniu" });
    await menu.waitFor();
    await run.shot(page, "phone-timesheet");
    await menu.click();
    await page.getByRole("link", { name: "Proiecte" }).click();
    await page.getByRole("heading", { name: "Proiecte" }).waitFor();
    await run.shot(page, "phone-projects");
  },
};

function decodeQP(s) {
  return s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

async function waitForResetLink(email) {
  return waitForMailLink(email, /https?:\/\/\S+\/reset\?account=\S+/);
}

/** waitForMailLink is the first link matching re in the newest mail to email in the outbox (waiting up to 20 s). */
async function waitForMailLink(email, re) {
  if (!outbox) throw new Error("set CRONICA_OUTBOX to the server's mail outbox");
  for (let i = 0; i < 200; i++) {
    let files = [];
    try {
      files = readdirSync(outbox).filter((f) => f.endsWith(".eml")).sort();
    } catch {
      /* not written yet */
    }
    for (const f of files.reverse()) {
      const text = decodeQP(readFileSync(join(outbox, f), "utf8"));
      if (!text.includes(`<${email}>`)) continue;
      const m = text.match(re);
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${email} with a link like ${re} in ${outbox}`);
}

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(scenarios);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
});
let failed = 0;
let passed = 0;
for (const name of names) {
  const scenario = scenarios[name];
  if (!scenario) {
    console.log(`FAIL ${name}: no such scenario (${Object.keys(scenarios).join(", ")})`);
    failed++;
    continue;
  }
  const run = new Run(browser, name);
  const started = Date.now();
  try {
    await scenario(run);
    // What a page did after the last step (a late push, a refetch) counts too.
    await new Promise((r) => setTimeout(r, 300));
    if (run.problems.length) throw new Error(run.problems.join("\n  "));
    console.log(`PASS ${name} (${Date.now() - started} ms, ${run.shots} screenshots)`);
    passed++;
  } catch (e) {
    for (const ctx of run.contexts) for (const p of ctx.pages()) await run.shot(p, "failure").catch(() => {});
    console.log(`FAIL ${name}: ${e.message}${run.problems.length ? "\n  " + run.problems.join("\n  ") : ""}`);
    failed++;
  } finally {
    await run.close();
  }
}
await browser.close();
console.log(`e2e: ${passed} passed, ${failed} failed; screenshots in ${artifacts}`);
process.exit(failed ? 1 : 0);
