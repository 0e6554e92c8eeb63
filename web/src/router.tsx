// A small router over the History API: the app's routes are a handful of
// path patterns, so a dependency would bring more than it saves.
import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type ReactNode } from "react";

interface Location {
  path: string;
  search: URLSearchParams;
}

const RouterContext = createContext<{ loc: Location; navigate: (to: string, replace?: boolean) => void }>({
  loc: { path: "/", search: new URLSearchParams() },
  navigate: () => {},
});

function current(): Location {
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

export function Router({ children }: { children: ReactNode }) {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const on = () => setLoc(current());
    window.addEventListener("popstate", on);
    return () => window.removeEventListener("popstate", on);
  }, []);
  const navigate = (to: string, replace = false) => {
    if (replace) history.replaceState(null, "", to);
    else history.pushState(null, "", to);
    setLoc(current());
    window.scrollTo(0, 0);
  };
  return <RouterContext.Provider value={{ loc, navigate }}>{children}</RouterContext.Provider>;
}

export function useLocation(): Location {
  return useContext(RouterContext).loc;
}

export function useNavigate(): (to: string, replace?: boolean) => void {
  return useContext(RouterContext).navigate;
}

/** match returns the named parts of path for a pattern like "/projects/:project", or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const ps = pattern.split("/").filter(Boolean);
  const xs = path.split("/").filter(Boolean);
  if (ps.length !== xs.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    if (ps[i].startsWith(":")) out[ps[i].slice(1)] = decodeURIComponent(xs[i]);
    else if (ps[i] !== xs[i]) return null;
  }
  return out;
}

/** Link is an anchor the router follows without reloading the page. */
export function Link({
  to,
  children,
  "aria-current": current,
  onClick,
  ...rest
}: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const navigate = useNavigate();
  const { path } = useLocation();
  // aria-current given by the caller wins; otherwise a link is current on its path and below.
  const active = path === to || (to !== "/" && path.startsWith(to + "/"));
  return (
    <a
      href={to}
      aria-current={current !== undefined ? current : active ? "page" : undefined}
      onClick={(e) => {
        onClick?.(e); // the caller's handler first (it may prevent the navigation)
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
      {...rest}
    >
      {children}
    </a>
  );
}
