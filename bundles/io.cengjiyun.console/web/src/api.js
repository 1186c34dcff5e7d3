// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The console's only way to the platform: the public REST API under /api/v1 with the session cookie (HttpOnly,
// set by POST /auth/session) and, on every change, the session's CSRF token as X-CSRF-Token; its Server-Sent Events
// through EventSource (same origin, so the cookie goes along). Errors are RFC 9457 problems: ProblemError carries
// their detail and field errors so that pages show them next to what caused them.

export const BASE = '/api/v1';
/** Where the session's CSRF token is kept: the same key as the web terminal (bundles/io.cengjiyun.terminal/web). */
export const CSRF_KEY = 'cj.csrf';
/** The signed-in user's name, to read their memberships again after a reload (the cookie cannot be read). */
export const USER_KEY = 'cj.user';

/** An answer that is not a success: status, title, detail and errors [{field, message}] of its problem document. */
export class ProblemError extends Error {
  constructor(status, title, detail, errors) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(errors) ? errors : [];
  }
}

// The token lives in localStorage (a new tab with the cookie still valid needs it: the API refuses even a new
// sign-in without it) and is copied to sessionStorage, where the terminal page (same origin, same tab) reads it.
function stores() {
  const found = [];
  try { found.push(window.localStorage); } catch { /* storage disabled */ }
  try { found.push(window.sessionStorage); } catch { /* storage disabled */ }
  return found;
}

export function kept(key) {
  for (const store of stores()) {
    const value = store.getItem(key);
    if (value) return value;
  }
  return null;
}

export function keep(key, value) {
  for (const store of stores()) {
    if (value) store.setItem(key, value); else store.removeItem(key);
  }
}

const listeners = new Set();
/** Calls back when the platform says the session is gone (401): the app shows the sign-in form again. */
export function onSignedOut(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A problem document read from a failed answer, in plain words whatever the body is. */
export async function problemOf(response) {
  let title = response.statusText;
  let detail = '';
  let errors = [];
  try {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      title = body.title || title;
      detail = body.detail || body.message || '';
      errors = body.errors || [];
    } catch {
      detail = text.length < 300 ? text : '';
    }
  } catch {
    // no body
  }
  return new ProblemError(response.status, title, detail || `${response.status} ${title || ''}`.trim(), errors);
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * One call to the API. `path` is below /api/v1; `body` an object (sent as JSON), or a string or bytes (sent as `type`);
 * `accept` what to read back (JSON parsed, anything else as text); `ifMatch` an ETag (a version number).
 */
export async function call(method, path, { body, type, accept = 'application/json', ifMatch, signal } = {}) {
  const headers = { Accept: accept };
  // a string, or bytes (a file's ArrayBuffer, a Blob), is sent as it is, as `type`; anything else as JSON
  const raw = typeof body === 'string' || body instanceof ArrayBuffer || (typeof Blob !== 'undefined' && body instanceof Blob);
  if (body !== undefined) headers['Content-Type'] = raw ? (type || 'text/plain') : 'application/json';
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  const csrf = kept(CSRF_KEY);
  if (CHANGES.has(method) && csrf) headers['X-CSRF-Token'] = csrf;
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ProblemError(0, 'Network error', `The platform cannot be reached: ${e.message}`);
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && !path.startsWith('/auth/')) listeners.forEach((listener) => listener(problem));
    throw problem;
  }
  if (response.status === 204) return null;
  const text = await response.text();
  if (!accept.includes('json')) return text;
  return text ? JSON.parse(text) : null;
}

export const get = (path, options) => call('GET', path, options);
export const post = (path, body, options) => call('POST', path, { ...options, body });
export const put = (path, body, options) => call('PUT', path, { ...options, body });
export const del = (path, options) => call('DELETE', path, options);

/** Path segments, each encoded: seg('services', s, 'appmaps', a) is /services/s/appmaps/a. */
export function seg(...parts) {
  return parts.map((part) => `/${encodeURIComponent(part)}`).join('');
}

/** The API path of a server, with anything below it. */
export function serverPath(service, appmap, server, ...more) {
  return seg('services', service, 'appmaps', appmap, 'servers', server, ...more);
}

/** Query string of the defined values: query({a: 1, b: undefined}) is ?a=1. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Follows a stream of Server-Sent Events below /api/v1: `handlers` by event name, each given the parsed data (the
 * text when it is not JSON), and `error` when the stream breaks. Returns a function that closes it.
 */
export function follow(path, handlers) {
  const source = new EventSource(BASE + path, { withCredentials: true });
  for (const [name, handler] of Object.entries(handlers)) {
    if (name === 'error' || name === 'open') continue;
    source.addEventListener(name, (event) => {
      let data = event.data;
      try { data = JSON.parse(event.data); } catch { /* text */ }
      handler(data, event);
    });
  }
  source.onopen = () => handlers.open && handlers.open();
  source.onerror = () => {
    // EventSource reconnects by itself; a closed stream (the end, or a refusal) is reported once
    if (source.readyState === EventSource.CLOSED && handlers.error) handlers.error();
  };
  return () => source.close();
}

/** Signs in: the answer sets the cookie; the CSRF token and the user's name are kept for the next requests. */
export async function signIn(username, password) {
  const session = await post('/auth/session', { username, password });
  keep(CSRF_KEY, session.csrfToken);
  keep(USER_KEY, typeof session.user === 'string' ? session.user : (session.user && session.user.username) || username);
  return session;
}

/**
 * The session the cookie holds, read back (GET /auth/session): its user and CSRF token are kept again. The user's
 * name, or null without a valid session.
 */
export async function restoreSession() {
  try {
    const session = await get('/auth/session');
    keep(CSRF_KEY, session.csrfToken);
    keep(USER_KEY, session.user);
    return session.user;
  } catch {
    return null;
  }
}

export async function signOut() {
  try {
    await del('/auth/session');
  } finally {
    keep(CSRF_KEY, null);
    keep(USER_KEY, null);
  }
}
