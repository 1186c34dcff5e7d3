// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// Pure helpers: roles, states, numbers, times, and a definition written as YAML. No DOM here (test/format.test.js).

const CHANGERS = new Set(['developer', 'admin']);

/** The caller's role in a service: 'platform' for a platform administrator, the membership's role, or null. */
export function roleIn(user, service) {
  if (!user) return null;
  if (user.platformAdmin) return 'platform';
  const membership = (user.memberships || []).find((m) => m.service === service);
  return membership ? membership.role : null;
}

/** Whether the role may change servers (start, stop, edit...): developers, admins, platform administrators. */
export function canChange(role) {
  return role === 'platform' || CHANGERS.has(role);
}

/** Whether the role manages the service itself (members, appmaps). */
export function canManage(role) {
  return role === 'platform' || role === 'admin';
}

/** Whether the user may open terminals in the service's servers. */
export function canOpenTerminal(user, service) {
  if (!user) return false;
  if (user.platformAdmin) return true;
  const membership = (user.memberships || []).find((m) => m.service === service);
  return Boolean(membership && membership.terminal);
}

const FAILING = new Set(['FAILED', 'ERROR']);
const MOVING = new Set(['PENDING', 'CREATING', 'DEPLOYING', 'UPDATING', 'STOPPING']);

/** The look of a state: 'bad', 'busy', 'good', 'idle' or 'unknown'. */
export function tone(state) {
  if (FAILING.has(state)) return 'bad';
  if (MOVING.has(state)) return 'busy';
  if (state === 'RUNNING' || state === 'COMPLETED') return 'good';
  if (state === 'STOPPED') return 'idle';
  return 'unknown';
}

/** Whether a rollout is under way in this state (the page follows it). */
export function moving(state) {
  return MOVING.has(state);
}

/** A time in this browser's zone, 2026-12-05 14:03:09; '' for none. */
export function when(value) {
  if (value === undefined || value === null || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + ` ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** How long ago, in words: 'just now', '5 min ago', '3 h ago', '2 d ago'. */
export function ago(value, now = Date.now()) {
  const seconds = Math.round((now - new Date(value).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** Bytes in binary units: 1536 is '1.5 KiB'. */
export function bytes(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = value;
  let unit = 0;
  while (Math.abs(n) >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${unit === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A number with a unit of the metrics API (cores, bytes, bytes/s, count). */
export function measure(value, unit) {
  if (value === null || value === undefined) return '';
  if (unit === 'bytes') return bytes(value);
  if (unit === 'bytes/s') return `${bytes(value)}/s`;
  if (unit === 'cores') return value < 1 ? `${Math.round(value * 1000)}m` : `${Math.round(value * 100) / 100}`;
  return String(Math.round(value * 100) / 100);
}

/** The address a port answers at, as a link: http for common web ports and names, else a host:port text. */
export function addressLink(address, port) {
  if (!address || address === 'pending') return null;
  const web = /http|web|www/i.test((port && port.name) || '') || [80, 8080, 8000, 3000].includes(port && port.port);
  const secure = /https|tls/i.test((port && port.name) || '') || (port && port.port === 443);
  if (!web && !secure) return null;
  return `${secure ? 'https' : 'http'}://${address}/`;
}

// YAML: the API reads and writes it; the console only writes it (to show a definition and diff it), never parses it.
const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_ ./:@-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  if (text === '' || !PLAIN.test(text) || RESERVED.test(text) || /^[\d.+-]/.test(text) || /:\s|\s#|\s$/.test(text)) {
    return JSON.stringify(text);
  }
  return text;
}

/** A JSON value as YAML (block style, keys in their order): what the API answers with Accept: application/yaml. */
export function toYaml(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => {
      if (item !== null && typeof item === 'object' && !(Array.isArray(item) && item.length === 0)
        && Object.keys(item).length) {
        const inner = toYaml(item, `${indent}  `);
        return `${indent}- ${inner.slice(indent.length + 2)}`;
      }
      return `${indent}- ${typeof item === 'object' && item !== null ? toYaml(item) : scalar(item)}`;
    }).join('\n');
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined);
    if (keys.length === 0) return '{}';
    return keys.map((key) => {
      const item = value[key];
      const name = `${indent}${scalar(key)}:`;
      if (item !== null && typeof item === 'object' && Object.keys(item).length) {
        return `${name}\n${toYaml(item, Array.isArray(item) ? indent : `${indent}  `)}`;
      }
      return `${name} ${item !== null && typeof item === 'object' ? toYaml(item) : scalar(item)}`;
    }).join('\n');
  }
  return `${indent}${scalar(value)}`;
}

/** The field errors that belong to a field path: 'containers[0].image' and anything below it. */
export function errorsFor(errors, field) {
  return (errors || []).filter((error) => error.field === field || (error.field || '').startsWith(`${field}.`)
    || (error.field || '').startsWith(`${field}[`));
}

/** Splits a command line the way a shell would for simple cases: words, "double" and 'single' quotes. */
export function words(line) {
  const out = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let found;
  while ((found = pattern.exec(line || '')) !== null) {
    out.push(found[1] !== undefined ? found[1].replace(/\\(.)/g, '$1') : found[2] !== undefined ? found[2] : found[3]);
  }
  return out;
}

/** The opposite of words(): quotes a word that has spaces or quotes. */
export function line(list) {
  return (list || []).map((word) => (/^[^\s"'\\]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
}

/**
 * What a terminal showed, as plain text, from its asciicast v2 transcript (a JSON header line, then one
 * [seconds, "o" | "i" | "r", data] per line): the output events joined, colours and cursor movements taken out,
 * carriage returns and backspaces applied per line. A line that is not JSON is skipped.
 */
export function castText(cast) {
  let out = '';
  for (const row of String(cast || '').split('\n').slice(1)) {
    if (!row.trim()) continue;
    try {
      const event = JSON.parse(row);
      if (Array.isArray(event) && event[1] === 'o' && typeof event[2] === 'string') out += event[2];
    } catch {
      // not an event: skipped
    }
  }
  // eslint-disable-next-line no-control-regex
  const plain = out.replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '').replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][A-Za-z0-9]|\x1b[=>78]/g, '');
  return plain.split('\n').map((text) => {
    const chars = [];
    let at = 0;
    for (const ch of text) {
      if (ch === '\r') at = 0;
      else if (ch === '\b') at = Math.max(0, at - 1);
      else if (ch >= ' ' || ch === '\t') { chars[at] = ch; at++; }
    }
    return chars.join('');
  }).join('\n');
}

/** A digest as people compare them: the algorithm and the first 12 hex digits (`sha256:4f1c2a9b0d3e`). */
export function shortDigest(digest) {
  if (!digest) return '';
  const colon = digest.indexOf(':');
  return colon < 0 ? digest : digest.slice(0, colon + 13);
}
