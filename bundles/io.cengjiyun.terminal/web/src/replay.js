// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A terminal session's transcript played again in an xterm: the asciicast v2 the platform keeps (a JSON header
// {version: 2, width, height, ...}, then one line per event: [seconds, "o", text] for output and
// [seconds, "r", "COLSxROWS"] for a resize). The output comes with its timing, long pauses shortened. The page
// (replay mode) and later the console use it; nothing here is global, nothing is fetched.

import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

/** The states of a replay, as onState reports them. */
export const ReplayStates = Object.freeze({
  REPLAYING: 'replaying',
  REPLAYED: 'replayed',
});

/** The largest terminal a transcript may ask for (columns and rows): xterm would try to draw anything. */
const MAX_SIZE = 2000;

/** A transcript that cannot be played: its message names the line (1 is the header). */
export class CastError extends Error {
  constructor(line, message) {
    super(line ? `line ${line} of the transcript: ${message}` : message);
    this.name = 'CastError';
    this.line = line;
  }
}

function size(value, what, line) {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SIZE) {
    throw new CastError(line, `the ${what} ${JSON.stringify(value)} is not a whole number from 1 to ${MAX_SIZE}`);
  }
  return value;
}

/**
 * Parses and checks an asciicast v2 transcript.
 *
 * @param {string} text the transcript
 * @returns {{header: object, width: number, height: number,
 *     events: Array<{time: number, type: string, data: string, line: number, cols?: number, rows?: number}>}}
 *     the events to play (output and resizes; other kinds, such as input "i" and markers "m", are left out)
 * @throws {CastError} naming the first line that is not as it should be
 */
export function parseCast(text) {
  if (typeof text !== 'string' || !text.trim()) {
    throw new CastError(0, 'the transcript is empty');
  }
  const lines = text.split('\n');
  let header = null;
  let previous = 0;
  const events = [];
  lines.forEach((raw, index) => {
    const line = index + 1;
    const source = raw.trim();
    if (!source) {
      return; // the newline after the last line, or a blank one
    }
    let value;
    try {
      value = JSON.parse(source);
    } catch (e) {
      throw new CastError(line, `not JSON (${e.message})`);
    }
    if (!header) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        throw new CastError(line, 'the header is not a JSON object');
      }
      if (value.version !== 2) {
        throw new CastError(line, `version ${JSON.stringify(value.version)}: only asciicast version 2 is played`);
      }
      size(value.width, 'width', line);
      size(value.height, 'height', line);
      header = value;
      return;
    }
    if (!Array.isArray(value) || value.length !== 3) {
      throw new CastError(line, 'an event is an array [seconds, type, data]');
    }
    const [time, type, data] = value;
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
      throw new CastError(line, `the time ${JSON.stringify(time)} is not a number of seconds`);
    }
    if (time < previous) {
      throw new CastError(line, `the time ${time} s comes before the previous event's (${previous} s)`);
    }
    previous = time;
    if (typeof type !== 'string' || typeof data !== 'string') {
      throw new CastError(line, 'the type and the data of an event are strings');
    }
    if (type === 'o') {
      events.push({ time, type, data, line });
    } else if (type === 'r') {
      const match = /^(\d+)x(\d+)$/.exec(data);
      if (!match) {
        throw new CastError(line, `the resize ${JSON.stringify(data)} is not COLSxROWS`);
      }
      const cols = size(Number(match[1]), 'column count', line);
      const rows = size(Number(match[2]), 'row count', line);
      events.push({ time, type, data, line, cols, rows });
    }
    // other types (input, markers, a newer recorder's): nothing to show
  });
  if (!header) {
    throw new CastError(0, 'the transcript has no header');
  }
  return { header, width: header.width, height: header.height, events };
}

/**
 * Plays a transcript in a new xterm in {@code element}, at once.
 *
 * @param {HTMLElement} element where the terminal is drawn (at the transcript's size, not the element's)
 * @param {string} text the transcript (asciicast v2)
 * @param {object} [options]
 * @param {number} [options.maxGap=2] the longest pause in seconds: longer ones are shortened to it
 * @param {number} [options.speed=1] how much faster than recorded
 * @param {(state: string) => void} [options.onState] 'replaying', then 'replayed' once all is on the screen
 * @param {object} [options.terminalOptions] more options for xterm's Terminal
 * @returns {{term: Terminal, cast: object, readonly state: string, skip: () => void, again: () => void,
 *     dispose: () => void}}
 * @throws {CastError} when the transcript cannot be played (before any terminal is made)
 */
export function replay(element, text, options = {}) {
  const cast = parseCast(text);
  const maxGap = options.maxGap ?? 2;
  const speed = options.speed > 0 ? options.speed : 1;
  // When each event is played, in milliseconds from the start: the recorded times with long pauses shortened.
  const at = [];
  let clock = 0;
  let last = 0;
  for (const event of cast.events) {
    clock += Math.min(event.time - last, maxGap) * 1000 / speed;
    last = event.time;
    at.push(clock);
  }

  const term = new Terminal({
    cols: cast.width,
    rows: cast.height,
    cursorBlink: false,
    disableStdin: true,
    convertEol: false,
    scrollback: 5000,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    theme: { background: '#101418' },
    ...options.terminalOptions,
  });
  term.open(element);

  let state = null;
  let next = 0;
  let started = 0;
  let timer = null;
  let round = 0; // a new round (again, dispose) leaves the callbacks of the old one without effect
  let disposed = false;

  function setState(value) {
    state = value;
    if (options.onState) options.onState(value);
  }

  function play(event) {
    if (event.type === 'o') {
      term.write(event.data);
    } else {
      term.resize(event.cols, event.rows);
    }
  }

  /** Once everything written is drawn: replayed. */
  function finish(mine) {
    timer = null;
    term.write('', () => {
      if (mine === round && !disposed) setState(ReplayStates.REPLAYED);
    });
  }

  function tick(mine) {
    timer = null;
    if (mine !== round || disposed) return;
    const now = performance.now() - started;
    while (next < cast.events.length && at[next] <= now) {
      play(cast.events[next++]);
    }
    if (next < cast.events.length) {
      timer = setTimeout(() => tick(mine), at[next] - now);
    } else {
      finish(mine);
    }
  }

  function stop() {
    round++;
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function start() {
    stop();
    term.reset();
    if (term.cols !== cast.width || term.rows !== cast.height) {
      term.resize(cast.width, cast.height);
    }
    next = 0;
    started = performance.now();
    setState(ReplayStates.REPLAYING);
    tick(round);
  }

  start();

  return {
    term,
    cast,
    get state() {
      return state;
    },
    /** Writes the rest of the transcript at once. */
    skip() {
      if (disposed || state !== ReplayStates.REPLAYING) return;
      stop();
      while (next < cast.events.length) {
        play(cast.events[next++]);
      }
      finish(round);
    },
    /** Plays the transcript again from its start, on a cleared terminal. */
    again() {
      if (!disposed) start();
    },
    dispose() {
      disposed = true;
      stop();
      term.dispose();
    },
  };
}
