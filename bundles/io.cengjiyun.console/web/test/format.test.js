// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// Run by `npm test` (node's own test runner: no test framework to install), and by Maven's test phase.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressLink, canChange, canManage, castText, errorsFor, line, roleIn, shortDigest, toYaml, tone, words } from '../src/format.js';
import { href, match } from '../src/router.js';

const ana = { username: 'ana', memberships: [{ service: 'shop', role: 'viewer' }, { service: 'blog', role: 'developer' }] };

test('a viewer may not change servers, a developer may, an admin manages', () => {
  assert.equal(canChange(roleIn(ana, 'shop')), false);
  assert.equal(canChange(roleIn(ana, 'blog')), true);
  assert.equal(canManage(roleIn(ana, 'blog')), false);
  assert.equal(roleIn(ana, 'other'), null);
  assert.equal(roleIn({ platformAdmin: true }, 'any'), 'platform');
  assert.equal(canManage('platform'), true);
});

test('failing states look bad, moving ones busy', () => {
  assert.equal(tone('FAILED'), 'bad');
  assert.equal(tone('DEPLOYING'), 'busy');
  assert.equal(tone('RUNNING'), 'good');
  assert.equal(tone(undefined), 'unknown');
});

test('a field error belongs to its field and to the fields above it', () => {
  const errors = [{ field: 'containers[0].image', message: 'is required' }, { field: 'name', message: 'bad' }];
  assert.deepEqual(errorsFor(errors, 'containers[0].image').map((e) => e.message), ['is required']);
  assert.equal(errorsFor(errors, 'containers[0]').length, 1);
  assert.equal(errorsFor(errors, 'containers[0].name').length, 0);
});

test('a definition written as YAML quotes what YAML would read otherwise', () => {
  const yaml = toYaml({
    name: 'web', kind: 'Deployment', replicas: 2,
    containers: [{ name: 'main', image: 'cengjiyun.test/busybox:1', command: ['sh', '-c', 'echo hi: there'], env: [] }],
    labels: { tier: 'true' },
  });
  assert.equal(yaml, [
    'name: web', 'kind: Deployment', 'replicas: 2', 'containers:',
    '- name: main', '  image: cengjiyun.test/busybox:1', '  command:', '  - sh', '  - "-c"', '  - "echo hi: there"', '  env: []',
    'labels:', '  tier: "true"',
  ].join('\n'));
});

test('a command line splits into words and back', () => {
  const list = words('sh -c "mkdir -p /www && exec httpd -f"');
  assert.deepEqual(list, ['sh', '-c', 'mkdir -p /www && exec httpd -f']);
  assert.deepEqual(words(line(list)), list);
});

test('web ports get a link, others none', () => {
  assert.equal(addressLink('10.0.0.1:30080', { name: 'http', port: 80 }), 'http://10.0.0.1:30080/');
  assert.equal(addressLink('10.0.0.1:5432', { name: 'db', port: 5432 }), null);
  assert.equal(addressLink('pending', { name: 'http', port: 80 }), null);
});

test('console routes match their pages, encoded names included', () => {
  assert.deepEqual(match('/services/shop/appmaps/dev'), { name: 'appmap', params: ['shop', 'dev'] });
  assert.deepEqual(match('/services/shop/appmaps/dev/servers/web/logs'), { name: 'logs', params: ['shop', 'dev', 'web'] });
  assert.equal(match('/').name, 'services');
  assert.equal(match('/nowhere').name, 'notFound');
  assert.deepEqual(match('/services/shop/appmaps/dev/config'), { name: 'config', params: ['shop', 'dev'] });
  assert.deepEqual(match('/services/shop/appmaps/dev/monitoring'), { name: 'appmapMonitoring', params: ['shop', 'dev'] });
  assert.deepEqual(match('/services/shop/monitoring'), { name: 'serviceMonitoring', params: ['shop'] });
  assert.deepEqual(match('/clusters/local/nodes/node-1/monitoring'), { name: 'nodeMonitoring', params: ['local', 'node-1'] });
  assert.deepEqual(match('/clusters/local'), { name: 'cluster', params: ['local'] });
  assert.deepEqual(match('/users/ana'), { name: 'user', params: ['ana'] });
  assert.deepEqual(match('/account'), { name: 'account', params: [] });
  assert.deepEqual(match('/backups'), { name: 'backups', params: [] });
  assert.equal(href('services', 'a b'), '/services/a%20b');
});

test('a transcript reads as what the terminal showed: output only, no colours, carriage returns applied', () => {
  const cast = [
    '{"version": 2, "width": 80, "height": 24}',
    '[0.1, "o", "\\u001b[1;32m/ #\\u001b[0m "]',
    '[0.2, "i", "echo cj-42\\r"]',
    '[0.3, "o", "echo cj-42\\r\\n"]',
    '[0.4, "o", "cj-42\\r\\n/ # "]',
    'not json',
    '[0.5, "o", "ab\\bc\\rX"]',
  ].join('\n');
  assert.equal(castText(cast), '/ # echo cj-42\ncj-42\nX # ac');
  assert.equal(castText(''), '');
});

test('a digest is shown by its first 12 hex digits, whatever comes', () => {
  assert.equal(shortDigest('sha256:4f1c2a9b0d3e77aa00112233445566778899aabbccddeeff0011223344556677'), 'sha256:4f1c2a9b0d3e');
  assert.equal(shortDigest('sha256:abc'), 'sha256:abc');
  assert.equal(shortDigest('latest'), 'latest');
  assert.equal(shortDigest(null), '');
});
