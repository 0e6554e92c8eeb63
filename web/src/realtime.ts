// The websocket client of GET /api/v1/ws (ARCHITECTURE.md, Realtime pushes):
// it follows the topics the screens on view ask for, keeps per topic the
// position of the last change it got, resumes with `after` when it
// reconnects (every change missed comes from the log, then caught_up), and
// hands every change to onChange, which invalidates the TanStack queries it
// concerns. A topic the server refused (or stopped: access ended) is not
// asked again while the screens that want it stay, until what the account
// may read changes (accessChange on `me`: a channel or group joined, a role
// granted), the socket reconnects, or a screen follows it anew.

export type LiveState = "connecting" | "live" | "offline";

/** A change pushed on a topic. */
export interface Change {
  topic: string;
  type: string;
  entity_id: string;
  position: string;
  summary?: { actor_id?: string; data?: Record<string, unknown> };
}

/**
 * accessTypes are the changes pushed on `me` after which the account may read
 * more (or less): its channel and group memberships, a channel opened to it,
 * its roles.
 */
const accessTypes = new Set([
  "ChannelCreated.v1",
  "ChannelMemberAdded.v1",
  "ChannelMemberRemoved.v1",
  "GroupMemberAdded.v1",
  "GroupMemberRemoved.v1",
  "RoleGranted.v1",
  "RoleRevoked.v1",
]);

/** accessChange says whether c, on `me`, may have changed what the account reads. */
export function accessChange(c: Change): boolean {
  return c.topic === "me" && accessTypes.has(c.type);
}

interface Handlers {
  onChange: (c: Change) => void;
  /** A topic was (re)subscribed: what the client read before may be older than its position. */
  onSubscribed: (topic: string, position: string) => void;
  onState: (s: LiveState) => void;
  /** The session ended (signed out elsewhere, expired, account disabled). */
  onSessionEnded: () => void;
}

export class Realtime {
  private ws: WebSocket | null = null;
  private wanted = new Map<string, number>(); // topic -> number of screens following it
  private subscribed = new Set<string>();
  private refused = new Set<string>(); // not asked again until an access change, a reconnect or a fresh follow
  private last = new Map<string, string>(); // topic -> position of the last change or caught_up
  private retry = 0;
  private timer: number | undefined;
  private stopped = false;

  constructor(private readonly h: Handlers, private readonly url = Realtime.defaultURL()) {}

  static defaultURL(): string {
    return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/ws`;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
    this.subscribed.clear();
  }

  /** follow adds a screen's interest in topics; the function it returns ends it. */
  follow(topics: string[]): () => void {
    const fresh: string[] = [];
    for (const t of topics) {
      const n = this.wanted.get(t) ?? 0;
      this.wanted.set(t, n + 1);
      if (n === 0) {
        fresh.push(t);
        this.refused.delete(t); // a screen following it anew asks again
      }
    }
    this.subscribe(fresh);
    return () => {
      const gone: string[] = [];
      for (const t of topics) {
        const n = (this.wanted.get(t) ?? 1) - 1;
        if (n <= 0) {
          this.wanted.delete(t);
          gone.push(t);
        } else this.wanted.set(t, n);
      }
      const live = gone.filter((t) => this.subscribed.has(t));
      live.forEach((t) => this.subscribed.delete(t));
      if (live.length && this.ws?.readyState === WebSocket.OPEN) {
        this.ws.send(JSON.stringify({ type: "unsubscribe", topics: live }));
      }
    };
  }

  /** position is the position of the last change (or caught_up) seen on topic: a read after it passes it as min_position. */
  position(topic: string): string | undefined {
    return this.last.get(topic);
  }

  /** retryRefused asks again for every refused topic still wanted: what the account may read has changed. */
  private retryRefused() {
    if (this.refused.size === 0) return;
    const again = [...this.refused];
    this.refused.clear();
    this.subscribe(again.filter((t) => this.wanted.has(t)));
  }

  /** refuse notes that topic was refused: not asked again until retryRefused, and read afresh then (no resume). */
  private refuse(topic: string) {
    this.refused.add(topic);
    this.subscribed.delete(topic);
    this.last.delete(topic);
  }

  private subscribe(topics: string[]) {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    for (const t of topics) {
      if (this.subscribed.has(t) || this.refused.has(t)) continue;
      this.subscribed.add(t);
      const after = this.last.get(t);
      // after is per subscribe message: one message per topic resumes each from its own position.
      this.ws.send(JSON.stringify(after ? { type: "subscribe", topics: [t], after } : { type: "subscribe", topics: [t] }));
    }
  }

  private connect() {
    if (this.stopped) return;
    this.h.onState("connecting");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.reconnectLater();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.subscribed.clear();
      this.refused.clear(); // a new session asks for everything wanted again
      this.h.onState("live");
      this.subscribe([...this.wanted.keys()]);
    };
    ws.onmessage = (ev) => this.receive(String(ev.data));
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.subscribed.clear();
      if (ev.code === 4401 || ev.code === 4403) {
        this.h.onState("offline");
        this.h.onSessionEnded();
        return;
      }
      this.reconnectLater();
    };
  }

  private reconnectLater() {
    if (this.stopped) return;
    this.h.onState("offline");
    const delay = Math.min(15000, 500 * 2 ** this.retry) + Math.random() * 250;
    this.retry++;
    this.timer = window.setTimeout(() => this.connect(), delay);
  }

  private receive(raw: string) {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(raw);
    } catch {
      return;
    }
    const topic = typeof m.topic === "string" ? m.topic : "";
    const position = typeof m.position === "string" ? m.position : "";
    switch (m.type) {
      case "subscribed":
        if (topic && position) {
          // Without a resume, what was read before may predate the subscription: read again from here.
          if (!this.last.has(topic)) this.last.set(topic, position);
          this.h.onSubscribed(topic, position);
        }
        return;
      case "caught_up":
        if (topic && position) this.last.set(topic, position);
        return;
      case "error":
        if (topic && (m.code === "unknown_topic" || m.code === "forbidden")) this.refuse(topic);
        return;
      case "unsubscribed":
        if (topic) {
          this.subscribed.delete(topic);
          if (m.reason === "forbidden") {
            this.refuse(topic);
            // Access ended (a grant revoked, removed from a channel): what the screens show of it is read again.
            this.h.onChange({ topic, type: "unsubscribed", entity_id: "", position: "" });
          }
        }
        return;
      case "closed":
        if (m.reason === "session_ended" || m.reason === "account_disabled") this.stopped = true;
        return;
      case "heartbeat":
      case "pong":
        return;
      case "progress":
        // A report job's progress (report:<id>): not a change of the log, so no position to resume from.
        if (topic) this.h.onChange({ topic, type: "progress", entity_id: "", position: "" });
        return;
    }
    if (topic && position && typeof m.type === "string") {
      const c = m as unknown as Change;
      this.last.set(topic, position);
      // The server pushes an access change after the read models and its own topics reflect it:
      // a topic it refused may be followed now (a member added back to a channel).
      if (accessChange(c)) this.retryRefused();
      this.h.onChange(c);
    }
  }
}
