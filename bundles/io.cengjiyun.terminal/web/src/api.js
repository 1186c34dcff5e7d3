// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The REST calls of the web terminal: signing in (session cookie + CSRF token), asking for a single-use ticket
// that opens the terminal's WebSocket, and reading a service's terminal sessions and their transcripts (to replay).
// Errors are RFC 9457 problems (application/problem+json).

/** Where the CSRF token of the session is kept: the console and the terminal share it within a tab. */
export const CSRF_KEY = 'cj.csrf';

/** An answer that is not a success, with the problem's title, status and detail. */
export class ProblemError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.title = title;
    this.detail = detail;
  }

  /** True when the caller has to sign in (again) before it can go on. */
  get needsSignIn() {
    // 403 without a CSRF token kept (a new tab) or with a stale one: a new sign-in gives the session's token.
    return this.status === 401
      || (this.status === 403 && (!csrfToken() || /X-CSRF-Token/i.test(this.detail || '')));
  }
}

export function csrfToken() {
  try {
    return sessionStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}

function keepCsrfToken(token) {
  try {
    if (token) {
      sessionStorage.setItem(CSRF_KEY, token);
    } else {
      sessionStorage.removeItem(CSRF_KEY);
    }
  } catch {
    // storage refused (privacy mode): the token lives as long as the page then
  }
}

async function problemOf(response) {
  let title = response.statusText;
  let detail = '';
  try {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      title = body.title || title;
      detail = body.detail || body.message || '';
    } catch {
      detail = text.length < 300 ? text : '';
    }
  } catch {
    // no body
  }
  return new ProblemError(response.status, title, detail || `${response.status} ${title || ''}`.trim());
}

async function postJson(path, body) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const csrf = csrfToken();
  if (csrf) {
    headers['X-CSRF-Token'] = csrf;
  }
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ProblemError(0, 'Network error', `The platform cannot be reached: ${e.message}`);
  }
  if (!response.ok) {
    throw await problemOf(response);
  }
  return response.json();
}

/** A GET with the session cookie; the answer's text (the caller parses it). */
async function getText(path, accept) {
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { Accept: accept } });
  } catch (e) {
    throw new ProblemError(0, 'Network error', `The platform cannot be reached: ${e.message}`);
  }
  if (!response.ok) {
    throw await problemOf(response);
  }
  return response.text();
}

/** Signs in for this browser: the answer sets the session cookie, its CSRF token is kept for the tab. */
export async function signIn(username, password) {
  const session = await postJson('/api/v1/auth/session', { username, password });
  keepCsrfToken(session.csrfToken);
  return session;
}

/** The path of a server's terminal resources, e.g. /services/S/appmaps/A/servers/X/terminal. */
export function terminalPath({ service, appmap, server }) {
  return `/services/${encodeURIComponent(service)}/appmaps/${encodeURIComponent(appmap)}`
    + `/servers/${encodeURIComponent(server)}/terminal`;
}

/** A single-use ticket for the terminal's WebSocket: {ticket, expiresAt, path}. */
export async function requestTicket(target) {
  const body = {};
  if (target.pod) body.pod = target.pod;
  if (target.container) body.container = target.container;
  const answer = await postJson(`/api/v1${terminalPath(target)}/tickets`, body);
  if (!answer || !answer.ticket) {
    throw new ProblemError(0, 'No ticket', 'The platform answered without a ticket for the terminal');
  }
  return answer;
}

/** The path of a service's terminal sessions, e.g. /api/v1/services/S/terminal/sessions. */
function sessionsPath(service) {
  return `/api/v1/services/${encodeURIComponent(service)}/terminal/sessions`;
}

/** A service's terminal sessions, newest first: [{id, user, server, pod, container, started, ended, ...}]. */
export async function listSessions(service, limit = 1000) {
  const text = await getText(`${sessionsPath(service)}?limit=${limit}`, 'application/json');
  let sessions;
  try {
    sessions = JSON.parse(text);
  } catch {
    throw new ProblemError(0, 'Not JSON', 'The platform answered the list of terminal sessions with something else');
  }
  return Array.isArray(sessions) ? sessions : [];
}

/** The transcript of a finished terminal session, as the platform keeps it: asciicast v2 text. */
export function fetchTranscript(service, id) {
  return getText(`${sessionsPath(service)}/${encodeURIComponent(id)}/transcript`, 'application/x-asciicast');
}
