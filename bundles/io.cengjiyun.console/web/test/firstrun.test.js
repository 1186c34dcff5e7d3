// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The first run's logic (src/firstrun.js): state to view, log lines, the first service's steps and their runner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elapsed, exampleServer, FIRST_SERVICE, firstCluster, firstRunView, firstServiceSteps, madeSoFar, mergeLines, runSteps, stepId } from '../src/firstrun.js';

const local = [{ name: 'local' }];
const one = [{ name: 'demo' }];

test('with no cluster the panel follows the local cluster, or asks for a kubeconfig', () => {
  assert.deepEqual(firstRunView({ state: 'STARTING' }, [], []), { view: 'starting', status: true });
  assert.deepEqual(firstRunView({ state: 'FAILED' }, [], []), { view: 'failed', status: true });
  assert.deepEqual(firstRunView({ state: 'UNAVAILABLE' }, [], one), { view: 'unavailable', status: true });
  assert.deepEqual(firstRunView({ state: 'OFF' }, [], []), { view: 'register', status: false });
  assert.deepEqual(firstRunView({ state: 'NOT_NEEDED' }, [], []), { view: 'register', status: false });
  // ready, but its cluster was removed since: register one by hand
  assert.deepEqual(firstRunView({ state: 'READY', cluster: 'local' }, [], []), { view: 'register', status: false });
  // the state could not be read
  assert.deepEqual(firstRunView(undefined, [], []), { view: 'register', status: false });
});

test('with a cluster and no service it offers the first service; with both, nothing', () => {
  assert.deepEqual(firstRunView({ state: 'READY', cluster: 'local' }, local, []), { view: 'create', status: true });
  assert.deepEqual(firstRunView({ state: 'NOT_NEEDED' }, local, []), { view: 'create', status: false });
  assert.deepEqual(firstRunView({ state: 'UNAVAILABLE' }, local, []), { view: 'create', status: false });
  assert.equal(firstRunView({ state: 'READY' }, local, one).view, 'hidden');
  assert.equal(firstRunView({ state: 'STARTING' }, local, one).view, 'hidden');
});

test('the first service goes to the cluster just made ready, else the first registered', () => {
  assert.equal(firstCluster({ state: 'READY', cluster: 'local' }, [{ name: 'a' }, { name: 'local' }]), 'local');
  assert.equal(firstCluster({ state: 'READY', cluster: 'gone' }, [{ name: 'a' }]), 'a');
  assert.equal(firstCluster({ state: 'OFF' }, []), '');
});

test('elapsed time in words, never negative', () => {
  const start = '2026-12-06T20:10:00Z';
  assert.equal(elapsed(start, '2026-12-06T20:10:42Z'), '42 s');
  assert.equal(elapsed(start, null, Date.parse('2026-12-06T20:14:05Z')), '4 min 05 s');
  assert.equal(elapsed(start, null, Date.parse('2026-12-06T20:09:00Z')), '0 s');
  assert.equal(elapsed(undefined), '');
});

test('log lines keep their numbers as the window slides; only new ones are new', () => {
  const a = mergeLines([], ['one', 'two', 'three']);
  assert.deepEqual(a.map((l) => l.n), [0, 1, 2]);
  assert.equal(mergeLines(a, ['one', 'two', 'three']), a, 'nothing new: the same array');
  const b = mergeLines(a, ['one', 'two', 'three', 'four']);
  assert.deepEqual(b.map((l) => [l.n, l.text]), [[0, 'one'], [1, 'two'], [2, 'three'], [3, 'four']]);
  // the API keeps its last 3: the first fell off the window
  const c = mergeLines(b, ['three', 'four', 'five'], 3);
  assert.deepEqual(c.map((l) => [l.n, l.text]), [[2, 'three'], [3, 'four'], [4, 'five']]);
  // repeated lines: the longest overlap wins
  const d = mergeLines(mergeLines([], ['x', 'x']), ['x', 'x', 'y']);
  assert.deepEqual(d.map((l) => [l.n, l.text]), [[0, 'x'], [1, 'x'], [2, 'y']]);
  // a new run: nothing in common, new numbers
  assert.deepEqual(mergeLines(c, ['again']).map((l) => [l.n, l.text]), [[5, 'again']]);
});

test('the first service is four calls in order, with the given values', () => {
  const steps = firstServiceSteps({ ...FIRST_SERVICE, cluster: 'local' });
  assert.deepEqual(steps.map((s) => [s.key, s.method, s.path]), [
    ['service', 'POST', '/services'],
    ['allotment', 'PUT', '/services/demo/allotments'],
    ['appmap', 'POST', '/services/demo/appmaps'],
    ['server', 'POST', '/services/demo/appmaps/dev/servers'],
  ]);
  assert.deepEqual(steps[0].body, { name: 'demo' });
  assert.deepEqual(steps[1].body, [{ cluster: 'local', cpu: '4', memory: '8Gi', pods: 50, storage: '20Gi' }]);
  assert.deepEqual(steps[2].body, { name: 'dev', cluster: 'local', quota: { cpu: '2', memory: '4Gi', pods: 20, storage: '10Gi' } });
  assert.deepEqual(steps[3].body, exampleServer('hello'));
  const server = steps[3].body;
  assert.equal(server.kind, 'Deployment');
  assert.equal(server.replicas, 1);
  assert.equal(server.containers[0].imagePullPolicy, 'Never');
  assert.equal(server.containers[0].image, 'cengjiyun.test/busybox:1');
  assert.deepEqual(server.containers[0].command, ['sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 8080 -h /www']);
  assert.deepEqual(server.ports, [{ name: 'http', port: 80, targetPort: 8080 }]);
  // an empty bound is left out (no bound), pods as a number
  const loose = firstServiceSteps({ ...FIRST_SERVICE, cluster: 'c', quota: { cpu: '', memory: ' 1Gi ', pods: '7', storage: '' } });
  assert.deepEqual(loose[2].body.quota, { memory: '1Gi', pods: 7 });
});

test('the runner stops at the first failure, says what was made, and goes on from there', async () => {
  const steps = firstServiceSteps({ ...FIRST_SERVICE, cluster: 'local' });
  const calls = [];
  const reports = [];
  const refusal = Object.assign(new Error('quota too big'), { status: 422, detail: 'quota too big' });
  const first = await runSteps(steps, async (s) => {
    calls.push(s.key);
    if (s.key === 'appmap') throw refusal;
  }, { report: (p) => reports.push(p.map((x) => x.state).join(',')) });
  assert.equal(first.ok, false);
  assert.equal(first.failed, 'appmap');
  assert.deepEqual(calls, ['service', 'allotment', 'appmap']);
  assert.deepEqual(first.progress.map((p) => p.state), ['done', 'done', 'failed', 'pending']);
  assert.equal(first.progress[2].error, refusal);
  assert.equal(reports[0], 'pending,pending,pending,pending');
  assert.ok(reports.includes('done,running,pending,pending'));
  assert.equal(madeSoFar(first.progress), 'Made so far: the service demo, its allotment of local.');
  // again: the service and the allotment are not made twice
  calls.length = 0;
  const second = await runSteps(steps, async (s) => { calls.push(s.key); }, { done: first.done });
  assert.equal(second.ok, true);
  assert.deepEqual(calls, ['appmap', 'server']);
  assert.equal(second.done.size, 4);
  // a changed name is a new call: done again
  const renamed = firstServiceSteps({ ...FIRST_SERVICE, service: 'other', cluster: 'local' });
  assert.notEqual(stepId(renamed[0]), stepId(steps[0]));
  calls.length = 0;
  await runSteps(renamed, async (s) => { calls.push(s.key); }, { done: second.done });
  assert.deepEqual(calls, ['service', 'allotment', 'appmap', 'server']);
  assert.equal(madeSoFar([{ state: 'failed' }]), 'Nothing was made.');
});
