// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The page /terminal/?service=S&appmap=A&server=X[&pod=P][&container=C]: reads its address, opens the terminal,
// and shows a sign-in form when the platform asks for one. Tests read window.cjTerminal and window.cjState.

import './page.css';
import { signIn } from './api.js';
import { openTerminal, States } from './terminal.js';

const $ = (id) => document.getElementById(id);
const statusText = {
  [States.SIGNIN]: 'sign in to open the terminal',
  [States.CONNECTING]: 'connecting…',
  [States.READY]: 'connected',
  [States.CLOSED]: 'session ended',
  [States.ERROR]: 'not connected',
};

function showState(state, detail) {
  window.cjState = state;
  const status = $('status');
  status.dataset.state = state;
  status.textContent = detail && state !== States.SIGNIN ? `${statusText[state]}: ${detail}` : statusText[state];
  $('reconnect').hidden = !(state === States.CLOSED || state === States.ERROR);
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

function main() {
  const query = new URLSearchParams(location.search);
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

main();
