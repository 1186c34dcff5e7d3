// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The page /terminal/?service=S&appmap=A&server=X[&pod=P][&container=C]: reads its address, opens the terminal,
// and shows a sign-in form when the platform asks for one. /terminal/?service=S&replay=ID plays a finished session's
// transcript instead (its service's administrators). Tests read window.cjTerminal and window.cjState.

import './page.css';
import { fetchTranscript, listSessions, ProblemError, signIn } from './api.js';
import { replay, ReplayStates } from './replay.js';
import { openTerminal, States } from './terminal.js';

const $ = (id) => document.getElementById(id);
const LOADING = 'loading';
let replaying = false;
let statusText = {
  [States.SIGNIN]: 'sign in to open the terminal',
  [States.CONNECTING]: 'connecting…',
  [States.READY]: 'connected',
  [States.CLOSED]: 'session ended',
  [States.ERROR]: 'not connected',
};
const replayText = {
  [States.SIGNIN]: 'sign in to replay the session',
  [LOADING]: 'loading the transcript…',
  [ReplayStates.REPLAYING]: 'replaying…',
  [ReplayStates.REPLAYED]: 'replayed',
  [States.ERROR]: 'cannot replay',
};

function showState(state, detail) {
  window.cjState = state;
  const status = $('status');
  status.dataset.state = state;
  status.textContent = detail && state !== States.SIGNIN ? `${statusText[state]}: ${detail}` : statusText[state];
  $('reconnect').hidden = replaying || !(state === States.CLOSED || state === States.ERROR);
}

/** Shows the sign-in form; resolves once the user is signed in. */
function askToSignIn(problem) {
  const overlay = $('signin-overlay');
  const form = $('signin');
  const error = $('signin-error');
  const submit = $('signin-submit');
  error.hidden = !(problem && problem.status === 403);
  error.textContent = error.hidden ? '' : 'Your session has changed: please sign in again.';
  overlay.hidden = false;
  $(($('username').value ? 'password' : 'username')).focus();
  return new Promise((resolve) => {
    form.onsubmit = async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await signIn($('username').value, $('password').value);
        $('password').value = '';
        overlay.hidden = true;
        form.onsubmit = null;
        resolve();
      } catch (e) {
        error.textContent = e.status === 401 ? 'Wrong username or password.' : e.message;
        error.hidden = false;
        $('password').select();
      } finally {
        submit.disabled = false;
      }
    };
  });
}

function openMode(query) {
  const target = {
    service: query.get('service'),
    appmap: query.get('appmap'),
    server: query.get('server'),
    pod: query.get('pod') || undefined,
    container: query.get('container') || undefined,
  };
  const missing = ['service', 'appmap', 'server'].filter((key) => !target[key]);
  if (missing.length) {
    showState(States.ERROR, `the address lacks ${missing.join(', ')}:`
      + ' open /terminal/?service=S&appmap=A&server=X[&pod=P][&container=C]');
    return;
  }
  const where = `${target.service} / ${target.appmap} / ${target.server}`;
  $('target').textContent = where + (target.pod ? ` / ${target.pod}` : '') + (target.container ? ` / ${target.container}` : '');
  document.title = `${target.server} - Terminal - Cengjiyun`;

  const terminal = openTerminal($('screen'), target, {
    signIn: askToSignIn,
    onState: showState,
    onReady: (info) => {
      $('target').textContent = `${where} / ${info.pod || '?'} / ${info.container || '?'}`
        + (info.shell ? ` (${info.shell})` : '')
        + (info.recording ? ' - recorded' : '');
    },
  });
  window.cjTerminal = terminal.term;
  $('reconnect').onclick = () => terminal.reconnect();
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** A time as this browser's local time, 2026-12-05 14:03:09; '?' for none. */
function when(value) {
  const date = new Date(value);
  if (value === undefined || value === null || Number.isNaN(date.getTime())) return '?';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + ` ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** How long, e.g. 42 s, 3 min 5 s, 2 h 7 min. */
function lasted(from, to) {
  const seconds = Math.round((new Date(to) - new Date(from)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor(seconds / 60) % 60} min`;
}

/** The replay's header line: who, on which server, when (the session as listed, else what the transcript says). */
function describeSession(service, id, session, cast) {
  if (!session) {
    const timestamp = cast && Number.isFinite(cast.header.timestamp) ? cast.header.timestamp * 1000 : null;
    return `${service} / session ${id}` + (timestamp !== null ? ` · ${when(timestamp)}` : '');
  }
  const where = [service, session.appmap, session.server].filter(Boolean).join(' / ')
    + (session.pod ? ` (${session.pod}${session.container ? ` / ${session.container}` : ''})` : '');
  const length = session.ended ? lasted(session.started, session.ended) : null;
  return `${session.user || '?'} on ${where} · ${when(session.started)}` + (length ? `, ${length}` : '');
}

async function replayMode(query) {
  replaying = true;
  statusText = replayText;
  document.body.classList.add('replay');
  $('title').textContent = 'Replay';
  const service = query.get('service');
  const id = query.get('replay');
  if (!service || !id) {
    showState(States.ERROR, 'the address lacks ' + (service ? 'the session' : 'service')
      + ': open /terminal/?service=S&replay=SESSION');
    return;
  }
  $('target').textContent = `${service} / session ${id}`;
  document.title = `Replay of ${id} - Terminal - Cengjiyun`;
  const skip = $('skip');
  const again = $('again');
  skip.hidden = false;
  again.hidden = false;
  skip.disabled = true;
  again.disabled = true;

  showState(LOADING);
  let text;
  let sessions;
  while (true) {
    try {
      // the list only for the header: without it (or the session in it), the header says the id
      [text, sessions] = await Promise.all([fetchTranscript(service, id), listSessions(service).catch(() => null)]);
      break;
    } catch (e) {
      if (e instanceof ProblemError && e.status === 401) {
        showState(States.SIGNIN);
        await askToSignIn(e);
        showState(LOADING);
        continue;
      }
      showState(States.ERROR, e instanceof ProblemError ? e.message : String(e));
      return;
    }
  }
  const session = sessions ? sessions.find((s) => s.id === id) : null;
  if (session && session.endReason) {
    $('target').title = `ended: ${session.endReason}`;
  }
  $('target').textContent = describeSession(service, id, session, null);

  let player;
  try {
    player = replay($('screen'), text, {
      onState: (state) => {
        skip.disabled = state !== ReplayStates.REPLAYING;
        showState(state);
      },
    });
  } catch (e) {
    showState(States.ERROR, e.message);
    return;
  }
  window.cjTerminal = player.term;
  $('target').textContent = describeSession(service, id, session, player.cast);
  again.disabled = false;
  skip.onclick = () => player.skip();
  again.onclick = () => player.again();
}

function main() {
  const query = new URLSearchParams(location.search);
  if (query.has('replay')) {
    replayMode(query);
  } else {
    openMode(query);
  }
}

main();
