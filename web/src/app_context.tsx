// What every screen reads: the API client, the realtime client, the signed-in
// caller, and the hooks over them (queries keyed by organisation, commands
// that keep what the user typed, the topics a screen follows).
import { createContext, useContext, useEffect, useState } from "react";
import { useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { ApiError, newKey, type Client, type Query, type WriteResult } from "./api";
import type { LiveState, Realtime } from "./realtime";

/** Grant as /me lists it. */
export interface Grant {
  grant_id: string;
  org_id: string;
  subject: { kind: string; id: string };
  role: string;
  scope: string;
  project_id?: string;
  active: boolean;
  expires_at?: string;
  not_before?: string;
}

export interface Me {
  account: { account_id: string; org_id: string; person_id: string; email: string };
  person: { person_id: string; given_name: string; family_name: string; email?: string };
  organization: { org_id: string; legal_name: string; registration_code: string };
  grants: Grant[];
}

export interface AppState {
  client: Client;
  realtime: Realtime;
  live: LiveState;
  me: Me;
  orgId: string;
  personId: string;
  /** roles of the caller in the organisation (organisation-wide grants). */
  roles: Set<string>;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const v = useContext(AppContext);
  if (!v) throw new Error("app: useApp outside the signed-in shell");
  return v;
}

/** useOrgQuery reads path under /orgs/:org; its key starts ["org", org]. */
export function useOrgQuery<T>(key: unknown[], path: string, query?: Query, enabled = true): UseQueryResult<T, ApiError> {
  const { client, orgId } = useApp();
  return useQuery<T, ApiError>({
    queryKey: ["org", orgId, ...key, query ?? null],
    queryFn: () => client.get<T>(`/orgs/${orgId}${path}`, query),
    enabled,
  });
}

/** useFollow follows realtime topics while the screen is shown. */
export function useFollow(topics: (string | undefined | null | false)[]) {
  const { realtime } = useApp();
  const list = topics.filter((t): t is string => !!t);
  const key = list.join(",");
  useEffect(() => {
    if (!key) return;
    return realtime.follow(key.split(","));
  }, [key, realtime]);
}

/** useDraft is form state kept in sessionStorage: a reload or a lost connection keeps what was typed. */
export function useDraft<T extends Record<string, string>>(id: string, initial: T) {
  const storage = `cronica.draft.${id}`;
  const [values, setValues] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(storage);
      if (saved) return { ...initial, ...JSON.parse(saved) };
    } catch {
      /* a broken draft is dropped */
    }
    return initial;
  });
  useEffect(() => {
    try {
      if (JSON.stringify(values) === JSON.stringify(initial)) sessionStorage.removeItem(storage);
      else sessionStorage.setItem(storage, JSON.stringify(values));
    } catch {
      /* storage full or off: the state stays in memory */
    }
    // initial is a fresh object on every render; only values matter here.
  }, [storage, values]);
  const set = (k: keyof T, v: string) => setValues((old) => ({ ...old, [k]: v }));
  const reset = (to: T = initial) => {
    sessionStorage.removeItem(storage);
    setValues(to);
  };
  return { values, set, setAll: setValues, reset };
}

const idempotencyStorage = "cronica.idempotency";

/**
 * idempotencyKey is the Idempotency-Key of one request (method, path and
 * body), kept in sessionStorage until it succeeds: sent again after a lost
 * answer, even after a reload, it is recorded once.
 */
function idempotencyKey(fingerprint: string, forget = false): string {
  let keys: Record<string, string> = {};
  try {
    keys = JSON.parse(sessionStorage.getItem(idempotencyStorage) ?? "{}");
  } catch {
    keys = {};
  }
  const key = keys[fingerprint] ?? newKey();
  if (forget) delete keys[fingerprint];
  else keys[fingerprint] = key;
  try {
    sessionStorage.setItem(idempotencyStorage, JSON.stringify(keys));
  } catch {
    /* storage off: the key lives for this call only */
  }
  return key;
}

export interface Command {
  run: <R = WriteResult>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown) => Promise<R | undefined>;
  pending: boolean;
  error: ApiError | null;
  /** fieldError is the server's message for one field, when the error names it. */
  fieldError: (field: string) => ApiError | null;
  /** formError is the error no field of the form shows. */
  formError: ApiError | null;
  clear: () => void;
}

/**
 * useCommand sends commands under /orgs/:org (or absolute /api/v1 paths when
 * path starts with "!"). The same request retried (after a lost connection)
 * carries the same Idempotency-Key, so it is recorded once. After success
 * every query of the organisation is read again, with min_position.
 * fieldOf maps an error to a field when the server names none (rule codes).
 */
export function useCommand(opts: { fields?: string[]; fieldOf?: (e: ApiError) => string | undefined } = {}): Command {
  const { fields = [], fieldOf } = opts;
  const { client, orgId } = useApp();
  const qc = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const owner = error ? (error.field ?? fieldOf?.(error)) : undefined;
  return {
    pending,
    error,
    formError: error && !(owner && fields.includes(owner)) ? error : null,
    clear: () => setError(null),
    fieldError: (field) => {
      if (!error) return null;
      return owner === field ? error : null;
    },
    run: async <R,>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown) => {
      const url = path.startsWith("!") ? path.slice(1) : `/orgs/${orgId}${path}`;
      const fingerprint = `${method} ${url} ${JSON.stringify(body ?? null)}`;
      setPending(true);
      setError(null);
      try {
        const r = await client.send<R>(method, url, body, idempotencyKey(fingerprint));
        idempotencyKey(fingerprint, true);
        await qc.invalidateQueries({ queryKey: ["org", orgId] });
        await qc.invalidateQueries({ queryKey: ["me"] });
        return r;
      } catch (e) {
        setError(e instanceof ApiError ? e : new ApiError(0, "network", String(e)));
        return undefined;
      } finally {
        setPending(false);
      }
    },
  };
}
