// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The first run's logic, without DOM (test/firstrun.test.js): which part of the panel a platform administrator sees
// for the local cluster's state, its log lines kept with stable numbers (a live region announces only new ones), the
// guided "first service" as API steps, and a runner that does them in order, stops at the first failure and can go
// on from there.
import { seg } from './api.js';

/** Polling period while the local cluster is coming up. */
export const POLL_MS = 2000;

/**
 * What the first-run panel shows: {view, status}. `view` is 'hidden' (nothing to do: a cluster and a service exist),
 * 'starting' (the local cluster is coming up: wait), 'failed' (try again, or register another), 'unavailable' (cannot
 * run here: register one), 'register' (no cluster: register one) or 'create' (a cluster, no service: make the first).
 * `status` says whether the local cluster's state is worth a box of its own (coming up, failed, cannot run, ready).
 */
export function firstRunView(setup, clusters, services) {
  const state = (setup && setup.state) || 'OFF';
  const status = ['STARTING', 'FAILED', 'UNAVAILABLE', 'READY'].includes(state);
  if (!clusters || clusters.length === 0) {
    if (state === 'STARTING') return { view: 'starting', status };
    if (state === 'FAILED') return { view: 'failed', status };
    if (state === 'UNAVAILABLE') return { view: 'unavailable', status };
    // OFF, NOT_NEEDED, or READY with its cluster removed since: register one by hand
    return { view: 'register', status: status && state !== 'READY' };
  }
  if (!services || services.length === 0) return { view: 'create', status: status && state !== 'UNAVAILABLE' };
  return { view: 'hidden', status: false };
}

/** The cluster a first service goes to: the local one when it was just registered, else the first registered. */
export function firstCluster(setup, clusters) {
  const names = (clusters || []).map((c) => c.name);
  if (setup && setup.state === 'READY' && setup.cluster && names.includes(setup.cluster)) return setup.cluster;
  return names[0] || '';
}

/** Seconds from start to end (or now), never negative (the two clocks may differ): '4 min 05 s'. */
export function elapsed(startedAt, endedAt, now = Date.now()) {
  const start = new Date(startedAt).getTime();
  if (!Number.isFinite(start)) return '';
  const end = endedAt ? new Date(endedAt).getTime() : now;
  const seconds = Math.max(0, Math.round(((Number.isFinite(end) ? end : now) - start) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * Merges the API's last lines (a window that slides as output grows) into the kept ones, each {n, text} with a number
 * that stays with its line: the longest end of `kept` that is the start of `incoming` is the same lines, the rest of
 * `incoming` is new. Nothing in common: a new run (all new numbers). At most `max` lines are kept.
 */
export function mergeLines(kept, incoming, max = 200) {
  const lines = incoming || [];
  const old = kept || [];
  let next = old.length ? old[old.length - 1].n + 1 : 0;
  let overlap = 0;
  for (let k = Math.min(old.length, lines.length); k > 0; k--) {
    let same = true;
    for (let i = 0; i < k && same; i++) same = old[old.length - k + i].text === lines[i];
    if (same) { overlap = k; break; }
  }
  const base = overlap ? old.slice(old.length - overlap) : [];
  const added = lines.slice(overlap).map((text) => ({ n: next++, text }));
  if (overlap === lines.length && overlap === old.length) return old; // nothing new: the same array
  return base.concat(added).slice(-max);
}

/** The guided form's starting values. */
export const FIRST_SERVICE = Object.freeze({
  service: 'demo',
  appmap: 'dev',
  server: 'hello',
  image: 'cengjiyun.test/busybox:1',
  quota: Object.freeze({ cpu: '2', memory: '4Gi', pods: 20, storage: '10Gi' }),
  allotment: Object.freeze({ cpu: '4', memory: '8Gi', pods: 50, storage: '20Gi' }),
});

const WEB_COMMAND = ['sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 8080 -h /www'];

/** The example server's definition: a tiny web server answering "hello" on port 80 of its Service. */
export function exampleServer(name, image = FIRST_SERVICE.image) {
  return {
    name,
    kind: 'Deployment',
    replicas: 1,
    containers: [{
      name,
      image,
      imagePullPolicy: 'Never',
      command: [...WEB_COMMAND],
      ports: [{ containerPort: 8080 }],
    }],
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
  };
}

function bounds(values) {
  const out = {};
  for (const key of ['cpu', 'memory', 'storage']) {
    const value = String(values[key] ?? '').trim();
    if (value) out[key] = value;
  }
  const pods = String(values.pods ?? '').trim();
  if (pods) out.pods = Number(pods);
  return out;
}

/**
 * The API calls that make a first service, in order: the service, its allotment of the cluster, the appmap, the
 * example server. Each {key, label, method, path, body, made}: `made` says what exists once it is done.
 */
export function firstServiceSteps(v) {
  const { service, appmap, server, cluster } = v;
  return [
    { key: 'service', label: `Create the service ${service}`, made: `the service ${service}`,
      method: 'POST', path: '/services', body: { name: service } },
    { key: 'allotment', label: `Allot the cluster ${cluster} to ${service}`, made: `its allotment of ${cluster}`,
      method: 'PUT', path: seg('services', service, 'allotments'), body: [{ cluster, ...bounds(v.allotment || {}) }] },
    { key: 'appmap', label: `Create the appmap ${appmap} on ${cluster}`, made: `the appmap ${appmap} (namespace ${service}-${appmap})`,
      method: 'POST', path: seg('services', service, 'appmaps'), body: { name: appmap, cluster, quota: bounds(v.quota || {}) } },
    { key: 'server', label: `Create the example server ${server}`, made: `the server ${server}`,
      method: 'POST', path: seg('services', service, 'appmaps', appmap, 'servers'), body: exampleServer(server, v.image) },
  ];
}

/** What makes a step the same one again: its call. A step done with the same call is not done twice. */
export function stepId(step) {
  return `${step.method} ${step.path} ${JSON.stringify(step.body)}`;
}

/**
 * Does the steps in order with `perform(step)` (a promise), skipping those whose stepId is in `done` (made by an
 * earlier run that stopped later on). `report(progress)` after every change: an array of
 * {key, label, state: 'pending'|'running'|'done'|'failed', error}. Stops at the first failure.
 * Resolves {ok, progress, done: Set of stepIds done (earlier ones included), failed: the failed step's key or null}.
 */
export async function runSteps(steps, perform, { done = new Set(), report = () => {} } = {}) {
  const finished = new Set(done);
  const progress = steps.map((s) => ({ key: s.key, label: s.label, made: s.made, state: finished.has(stepId(s)) ? 'done' : 'pending', error: null }));
  const update = (i, change) => {
    progress[i] = { ...progress[i], ...change };
    report(progress.slice());
  };
  report(progress.slice());
  for (let i = 0; i < steps.length; i++) {
    if (progress[i].state === 'done') continue;
    update(i, { state: 'running' });
    try {
      await perform(steps[i]);
      finished.add(stepId(steps[i]));
      update(i, { state: 'done' });
    } catch (error) {
      update(i, { state: 'failed', error });
      return { ok: false, progress: progress.slice(), done: finished, failed: steps[i].key };
    }
  }
  return { ok: true, progress: progress.slice(), done: finished, failed: null };
}

/** In words, what a stopped run left made: 'Made: the service demo, its allotment of local.' or ''. */
export function madeSoFar(progress) {
  const made = (progress || []).filter((p) => p.state === 'done').map((p) => p.made);
  return made.length ? `Made so far: ${made.join(', ')}.` : 'Nothing was made.';
}
