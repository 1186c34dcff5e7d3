// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// Clean paths with the history API (not #hash routes): a link to /services/shop/appmaps/dev/servers/web is the same
// in the address bar, in a bookmark and in a chat message as the API's own path below /api/v1, and the runtime
// answers each with the page (ConsoleIndex, for browsers only), so a reload lands where it was.
import { useEffect, useState } from 'preact/hooks';

/** The console's top-level words: kept in step with ConsoleRoutes.ROOTS in the bundle. */
export const ROOTS = ['services', 'audit', 'clusters', 'users', 'backups', 'account'];

const ROUTES = [
  ['services', /^\/services\/?$/],
  ['service', /^\/services\/([^/]+)\/?$/],
  ['appmap', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/?$/],
  ['newServer', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/new-server\/?$/],
  ['server', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/servers\/([^/]+)\/?$/],
  ['editServer', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/servers\/([^/]+)\/edit\/?$/],
  ['logs', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/servers\/([^/]+)\/logs\/?$/],
  ['monitoring', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/servers\/([^/]+)\/monitoring\/?$/],
  ['terminal', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/servers\/([^/]+)\/terminal\/?$/],
  ['config', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/config\/?$/],
  ['appmapMonitoring', /^\/services\/([^/]+)\/appmaps\/([^/]+)\/monitoring\/?$/],
  ['serviceMonitoring', /^\/services\/([^/]+)\/monitoring\/?$/],
  ['cluster', /^\/clusters\/([^/]+)\/?$/],
  ['nodeMonitoring', /^\/clusters\/([^/]+)\/nodes\/([^/]+)\/monitoring\/?$/],
  ['audit', /^\/audit\/?$/],
  ['clusters', /^\/clusters\/?$/],
  ['users', /^\/users\/?$/],
  ['user', /^\/users\/([^/]+)\/?$/],
  ['backups', /^\/backups\/?$/],
  ['account', /^\/account\/?$/],
];

/** The route of a path: {name, params: [decoded segments]}; `notFound` for anything else. */
export function match(path) {
  if (path === '/' || path === '') return { name: 'services', params: [] };
  for (const [name, pattern] of ROUTES) {
    const found = pattern.exec(path);
    if (found) {
      try {
        return { name, params: found.slice(1).map(decodeURIComponent) };
      } catch {
        return { name: 'notFound', params: [] };
      }
    }
  }
  return { name: 'notFound', params: [] };
}

/** A console path from segments, each encoded: href('services', 'shop') is /services/shop. */
export function href(...parts) {
  return parts.map((part) => `/${encodeURIComponent(part)}`).join('');
}

const EVENT = 'cj:navigate';

export function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', to); else history.pushState(null, '', to);
  window.dispatchEvent(new Event(EVENT));
}

/** The current location {path, search}; re-renders on navigation and on back/forward. */
export function useLocation() {
  const read = () => ({ path: location.pathname, search: new URLSearchParams(location.search) });
  const [where, setWhere] = useState(read);
  useEffect(() => {
    const update = () => setWhere(read());
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return where;
}

/** Follows a click on a same-origin link without reloading; a new tab or window (modifier keys) as the browser does. */
export function onLinkClick(event) {
  const link = event.target.closest && event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return;
  const root = url.pathname.split('/')[1] || '';
  if (url.pathname !== '/' && !ROOTS.includes(root)) return; // /terminal/, /api/docs/: real pages
  event.preventDefault();
  navigate(url.pathname + url.search);
}
