// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// An appmap at a glance: its servers counted by state, every server (failing ones first, with the cause that keeps
// each from running: the API sorts them), pods, restarts, and its quota's use. Refreshed every 5 s while shown.
// 500 servers render as one plain keyed table (no per-row components or effects), filtered in memory.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, seg } from '../api.js';
import { bytes, canChange, measure, roleIn, tone } from '../format.js';
import { href } from '../router.js';
import { Crumbs, Loaded, State, Table, useLoad } from '../ui.jsx';

export function AppMapPage({ user, params: [service, appmap] }) {
  const role = roleIn(user, service);
  const overview = useLoad((signal) => get(seg('services', service, 'appmaps', appmap, 'overview'), { signal }), [service, appmap], { every: 5000 });
  useEffect(() => { document.title = `${appmap} - ${service} - Cengjiyun`; }, [service, appmap]);
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service, href('services', service)], [appmap]]} />
      <div class="title-row">
        <h1>Appmap {appmap}</h1>
        {canChange(role) && <div class="actions"><a class="button primary" id="server-new" href={href('services', service, 'appmaps', appmap, 'new-server')}>New server</a></div>}
      </div>
      <Loaded state={overview}>
        {(o) => (
          <>
            <p class="muted">Namespace <code>{o.namespace}</code> · {o.readyPods ?? 0} of {o.pods ?? 0} pods ready · {o.restartsLastHour ?? 0} container restarts in the last hour</p>
            <ul class="counts" aria-label="Servers by state" data-test="state-counts">
              {Object.entries(o.states || {}).map(([state, n]) => (
                <li key={state} class={`badge ${tone(state)}`} data-state={state}>{n} {state.toLowerCase()}</li>
              ))}
            </ul>
            <Servers service={service} appmap={appmap} servers={o.servers || []} />
          </>
        )}
      </Loaded>
      <Quota service={service} appmap={appmap} />
    </>
  );
}

function Servers({ service, appmap, servers }) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase();
    if (!words) return servers;
    return servers.filter((s) => s.name.toLowerCase().includes(words) || (s.state || '').toLowerCase().includes(words));
  }, [servers, filter]);
  return (
    <section aria-labelledby="servers-title">
      <div class="title-row">
        <h2 id="servers-title">Servers</h2>
        <div class="field inline">
          <label for="server-filter">Filter servers</label>
          <input id="server-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="name or state" />
        </div>
      </div>
      {servers.length === 0 ? <p>No server yet.</p> : (
        <>
          <p class="sr-only" role="status">{shown.length} of {servers.length} servers shown</p>
          <Table caption="Servers, failing ones first" id="servers-table" test="servers">
            <thead><tr><th scope="col">Server</th><th scope="col">State</th><th scope="col">Pods ready</th><th scope="col">Kind</th><th scope="col">Cause or status</th></tr></thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.name} data-server={s.name} data-state={s.state}>
                  <th scope="row"><a href={href('services', service, 'appmaps', appmap, 'servers', s.name)}>{s.name}</a></th>
                  <td><State state={s.state} /></td>
                  <td>{s.pods !== undefined ? `${s.readyPods ?? 0} / ${s.pods}` : ''}</td>
                  <td>{s.kind}</td>
                  <td class="cause">{s.cause ? <><strong>{s.cause.kind}</strong>: {s.cause.message}</> : s.message}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
}

function Quota({ service, appmap }) {
  const usage = useLoad((signal) => get(seg('services', service, 'appmaps', appmap, 'usage'), { signal }), [service, appmap], { every: 30000 });
  if (usage.error && usage.error.status === 404) return null; // monitoring not installed
  return (
    <section aria-labelledby="quota-title">
      <h2 id="quota-title">Quota</h2>
      <Loaded state={usage}>
        {(u) => !(u.quota || []).length ? <p>This appmap has no quota.</p> : (
          <Table caption="Quota use" id="quota-table" test="quota">
            <thead><tr><th scope="col">Resource</th><th scope="col">Requested of quota</th><th scope="col">Used</th><th scope="col">Left</th></tr></thead>
            <tbody>
              {u.quota.map((q) => {
                const share = q.limit ? Math.min(100, Math.round((100 * (q.requested || 0)) / q.limit)) : null;
                return (
                  <tr key={q.resource}>
                    <th scope="row">{q.resource}</th>
                    <td>
                      {share !== null && <meter min="0" max="100" low="70" high="90" optimum="0" value={share} aria-label={`${q.resource} requested: ${share}% of the quota`} />}
                      {' '}{fmt(q.requested, q.resource)} of {q.hard}{share !== null ? ` (${share}%)` : ''}
                    </td>
                    <td>{q.used !== undefined ? fmt(q.used, q.resource) : 'not measured yet'}</td>
                    <td>{fmt(q.left, q.resource)}</td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Loaded>
      {usage.data && usage.data.sampledAt === undefined && <p class="muted">Use is measured after the first sampling round.</p>}
    </section>
  );
}

/** A quota figure: memory and storage in bytes, cpu in cores, pods counted. */
function fmt(n, resource) {
  if (n === undefined || n === null) return '';
  if (/memory|storage/.test(resource)) return bytes(n);
  if (resource === 'cpu') return measure(n, 'cores');
  return String(Math.round(n * 100) / 100);
}
