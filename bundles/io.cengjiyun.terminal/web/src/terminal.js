// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A shell in a server's container, in an element of the page: xterm.js over the terminal's WebSocket.
// Binary frames carry the terminal's bytes both ways; text frames are JSON control messages:
//   to the server:   {"type":"resize","cols":N,"rows":N}
//   from the server: {"type":"ready",...} {"type":"exit","code":N} {"type":"error","message":"..."}
//                    {"type":"closing","reason":"..."}
// The page (and later the console) gives the target and how to sign in; nothing here is global.

import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { ProblemError, requestTicket } from './api.js';

const RED = '\x1b[91m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** The states a terminal goes through, as onState reports them. */
export const States = Object.freeze({
  SIGNIN: 'signin',
  CONNECTING: 'connecting',
  READY: 'ready',
  CLOSED: 'closed',
  ERROR: 'error',
});

/** The WebSocket URL of a ticket's path, on the page's own host. */
export function socketUrl(path, ticket, cols, rows, target) {
  const query = new URLSearchParams({ ticket, cols: String(cols), rows: String(rows) });
  if (target.pod) query.set('pod', target.pod);
  if (target.container) query.set('container', target.container);
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  return `${scheme}${location.host}${path}?${query}`;
}

/**
 * Opens a terminal on a server's container in {@code element} and connects at once.
 *
 * @param {HTMLElement} element where the terminal is drawn (it fills it, and follows its size)
 * @param {{service: string, appmap: string, server: string, pod?: string, container?: string}} target
 * @param {object} [options]
 * @param {() => Promise<void>} [options.signIn] called when the platform answers that the user must sign in;
 *     resolves once signed in (the ticket is then asked again). Without it, that answer is an error.
 * @param {(state: string, detail?: string) => void} [options.onState] each change of state (see States)
 * @param {(info: object) => void} [options.onReady] the server's ready message: pod, container, shell, session
 * @param {object} [options.terminalOptions] more options for xterm's Terminal
 * @returns {{term: Terminal, readonly state: string, readonly session: object|null,
 *     reconnect: () => Promise<void>, close: () => void, dispose: () => void}}
 */
export function openTerminal(element, target, options = {}) {
  for (const key of ['service', 'appmap', 'server']) {
    if (!target || !target[key]) {
      throw new Error(`openTerminal needs the ${key} of the terminal's target`);
    }
  }
  const term = new Terminal({
    cursorBlink: true,
    convertEol: false,
    scrollback: 5000,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    theme: { background: '#101418' },
    ...options.terminalOptions,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  fitNow();

  const encoder = new TextEncoder();
  let socket = null;
  let state = null;
  let session = null;
  let attempt = 0;
  let disposed = false;

  function setState(next, detail) {
    state = next;
    if (options.onState) options.onState(next, detail);
  }

  function fitNow() {
    try {
      fit.fit();
    } catch {
      // not laid out yet (hidden element): the next resize fits
    }
  }

  function send(data) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(data);
    }
  }

  function sendSize() {
    send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
  }

  term.onData((data) => send(encoder.encode(data)));
  // Some mouse reports are binary strings (one byte per char), not UTF-8.
  term.onBinary((data) => send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
  term.onResize(() => sendSize());

  const resizes = new ResizeObserver(() => fitNow());
  resizes.observe(element);

  /** A line of the page's own (not the shell's), on a line of its own. */
  function line(text, color = DIM) {
    // Once what came before is drawn: only then does the cursor say whether a line is begun.
    term.write('', () => {
      const fresh = term.buffer.active.cursorX === 0 ? '' : '\r\n';
      term.write(`${fresh}${color}${text}${RESET}\r\n`);
    });
  }

  async function connect() {
    const mine = ++attempt;
    setState(States.CONNECTING);
    let ticket;
    while (true) {
      try {
        ticket = await requestTicket(target);
        break;
      } catch (e) {
        if (mine !== attempt || disposed) return;
        if (e instanceof ProblemError && e.needsSignIn && options.signIn) {
          setState(States.SIGNIN, e.status === 401 ? null : e.detail);
          await options.signIn(e);
          if (mine !== attempt || disposed) return;
          setState(States.CONNECTING);
          continue;
        }
        const message = e instanceof ProblemError ? e.message : String(e);
        line(message, RED);
        setState(States.ERROR, message);
        return;
      }
    }
    if (mine !== attempt || disposed) return;
    fitNow();
    open(ticket, mine);
  }

  function open(ticket, mine) {
    let closingReason = null;
    let exitCode = null;
    let failed = null;
    const ws = new WebSocket(socketUrl(ticket.path, ticket.ticket, term.cols, term.rows, target));
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      sendSize();
      term.focus();
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') {
        term.write(new Uint8Array(event.data));
        return;
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // not a control message of ours
      }
      switch (message.type) {
        case 'ready':
          session = message;
          if (options.onReady) options.onReady(message);
          setState(States.READY);
          break;
        case 'exit':
          exitCode = message.code;
          break;
        case 'error':
          failed = message.message || 'error';
          line(failed, RED);
          if (state !== States.READY) setState(States.ERROR, failed);
          break;
        case 'closing':
          closingReason = message.reason || null;
          break;
        default:
          break; // a newer server's message: ignored
      }
    };
    ws.onclose = (event) => {
      if (socket === ws) socket = null;
      if (mine !== attempt || disposed) return;
      const reason = closingReason
        || failed
        || event.reason
        || (exitCode !== null && exitCode !== undefined ? `exit code ${exitCode}` : null)
        || (state === States.READY ? `connection closed (${event.code})` : `could not connect (${event.code})`);
      line(`[session ended: ${reason}]`);
      // A session that never got ready did not open: an error, whatever closed it.
      setState(state === States.READY ? States.CLOSED : States.ERROR, reason);
    };
  }

  function close() {
    if (socket) socket.close(1000, 'closed by the user');
  }

  connect();

  return {
    term,
    get state() {
      return state;
    },
    get session() {
      return session;
    },
    /** A new session (a new ticket, then a new socket) in the same terminal. */
    reconnect() {
      if (socket) {
        const old = socket;
        socket = null;
        old.close(1000, 'reconnecting');
      }
      session = null;
      line('[reconnecting]');
      return connect();
    },
    close,
    dispose() {
      disposed = true;
      close();
      resizes.disconnect();
      term.dispose();
    },
  };
}
