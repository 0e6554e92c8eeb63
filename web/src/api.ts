// The HTTP client of Cronica's API: the session cookie and its CSRF token,
// the user's language, read-your-writes (every read after a command waits for
// that command's log position: min_position), the one error shape, and
// Idempotency-Key on commands so a retry after a lost connection never
// records twice.

/** The server's error body: {"error":{"code","message","details"}}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** The field a validation error names (details.field), if any. */
  get field(): string | undefined {
    const f = this.details["field"];
    return typeof f === "string" ? f : undefined;
  }
}

/** A command's answer: {id, version, position}, and for timesheets status and warnings. */
export interface WriteResult {
  id: string;
  version: number;
  position: string;
  status?: string;
  warnings?: Finding[];
}

/** A rule of COMPLIANCE D applied to a timesheet, with its stable code. */
export interface Finding {
  code: string;
  severity: "warning" | "error";
  message: string;
  message_ro: string;
  date?: string;
  entry_id?: string;
  details?: Record<string, unknown>;
}

/** A log position: a decimal string (positions exceed JavaScript's integers). */
export function laterPosition(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

export type Query = Record<string, string | string[] | number | undefined | null | false>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === false || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => x && p.append(k, x));
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}${path.includes("?") ? "&" : "?"}${s}` : path;
}

/** Client is one browser tab's connection to the API. */
export class Client {
  private csrf = "";
  private minPosition: string | null = null;
  /** language returns the language of answers ("ro" or "en"). */
  constructor(
    private readonly language: () => string,
    private readonly onUnauthorized: () => void,
    private readonly base = "/api/v1",
  ) {}

  setCSRF(token: string | undefined) {
    this.csrf = token ?? "";
  }

  /** The highest position written by this tab: reads wait until the read models passed it. */
  get writtenPosition(): string | null {
    return this.minPosition;
  }

  noteWrite(position: string | undefined) {
    if (position) this.minPosition = laterPosition(this.minPosition, position);
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.minPosition) headers["X-Cronica-Min-Position"] = this.minPosition;
    return this.request<T>("GET", withQuery(path, query), undefined, headers, true);
  }

  /** A command; idempotencyKey makes a retry of the same request safe. */
  async send<T = WriteResult>(
    method: "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.csrf) headers["X-CSRF-Token"] = this.csrf;
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    const result = await this.request<T>(method, path, body, headers, false);
    const position = (result as { position?: unknown } | null)?.position;
    if (typeof position === "string") this.noteWrite(position);
    return result;
  }

  /** sendFile posts a file's bytes as application/octet-stream (report verification). */
  async sendFile<T>(path: string, file: Blob): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method: "POST",
        headers: {
          "Content-Type": "application/octet-stream",
          Accept: "application/json",
          "Accept-Language": this.language() === "ro" ? "ro, en;q=0.5" : "en, ro;q=0.5",
          ...(this.csrf ? { "X-CSRF-Token": this.csrf } : {}),
        },
        body: file,
        credentials: "same-origin",
      });
    } catch {
      throw new ApiError(0, "network", "");
    }
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const e = data?.error;
      throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.details ?? {});
    }
    return data as T;
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    isRead: boolean,
  ): Promise<T> {
    headers["Accept"] = "application/json";
    headers["Accept-Language"] = this.language() === "ro" ? "ro, en;q=0.5" : "en, ro;q=0.5";
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch {
      throw new ApiError(0, "network", "");
    }
    if (res.status === 204) return null as T;
    const text = await res.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!res.ok) {
      const e = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
        ?.error;
      const err = new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.details ?? {});
      if (res.status === 401 && isRead && !path.startsWith("/session")) this.onUnauthorized();
      throw err;
    }
    return data as T;
  }
}

/** newKey is a random Idempotency-Key. */
export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
