// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// An appmap at a glance: its servers counted by state, every server (failing ones first, with the cause that keeps
// each from running: the API sorts them), pods, restarts, and its quota's use. Refreshed every 5 s while shown.
// 500 servers render as one plain keyed table (no per-row components or effects), filtered in memory.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { del, get, post, put, query, seg } from '../api.js';
import { bytes, canChange, canManage, measure, roleIn, tone } from '../format.js';
import { href, navigate } from '../router.js';
import { Crumbs, Field, Loaded, Problem, quotaOf, State, Table, useConfirm, useLoad } from '../ui.jsx';
import { lazy } from '../lazy.jsx';

const AppMapImages = lazy(() => import('./images.jsx').then((m) => m.AppMapImages));

export function AppMapPage({ user, params: [service, appmap] }) {
  const role = roleIn(user, service);
  const overview = useLoad((signal) => get(seg('services', service, 'appmaps', appmap, 'overview'), { signal }), [service, appmap], { every: 5000 });
  useEffect(() => { document.title = `${appmap} - ${service} - Cengjiyun`; }, [service, appmap]);
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service, href('services', service)], [appmap]]} />
      <div class="title-row">
        <h1>Appmap {appmap}</h1>
        <div class="actions">
          <a class="button" id="appmap-config" href={href('services', service, 'appmaps', appmap, 'config')}>Config maps and secrets</a>
          <a class="button" id="appmap-monitoring" href={href('services', service, 'appmaps', appmap, 'monitoring')}>Monitoring</a>
          {canChange(role) && <a class="button primary" id="server-new" href={href('services', service, 'appmaps', appmap, 'new-server')}>New server</a>}
        </div>
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
      <Drift service={service} appmap={appmap} changer={canChange(role)} onReconciled={overview.reload} />
      <AppMapImages service={service} appmap={appmap} />
      <Quota service={service} appmap={appmap} />
      <Volumes service={service} appmap={appmap} />
      <Settings service={service} appmap={appmap} manager={canManage(role)} />
    </>
  );
}

/** Which servers the cluster drifted from (read on demand: it compares every server's objects), and a reconcile. */
function Drift({ service, appmap, changer, onReconciled }) {
  const base = seg('services', service, 'appmaps', appmap);
  // on demand: it compares every server's live objects with its stored revision (heavy on an appmap of 500 servers)
  const [tick, setTick] = useState(0);
  const drift = useLoad((signal) => (tick === 0 ? Promise.resolve(null) : get(`${base}/drift`, { signal })), [base, tick]);
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const [confirm, ask] = useConfirm();
  const reconcile = async () => {
    const ok = await ask({
      title: `Reconcile ${appmap}?`,
      body: <p>Every server whose controller is missing from the cluster, or runs another revision than the stored one, is applied again from its stored definition. Servers in sync are left alone.</p>,
      confirm: 'Reconcile',
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await post(`${base}/reconcile`));
      onReconciled();
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="drift-title" id="appmap-drift">
      <div class="title-row">
        <h2 id="drift-title">Drift from the stored definitions</h2>
        <div class="actions">
          <button type="button" id="drift-check" onClick={() => setTick((n) => n + 1)} disabled={drift.loading}>{tick === 0 ? 'Check for drift' : 'Check again'}</button>
          {changer && <button type="button" id="appmap-reconcile" onClick={reconcile} disabled={busy}>Reconcile the appmap</button>}
        </div>
      </div>
      {confirm}
      <Problem error={error} />
      {result && <p role="status" class="ok" id="reconcile-done">Reconciled: {result.length === 0 ? 'no server.' : result.map((r) => `${r.server} ${(r.status && r.status.state) || ''}`).join(', ')}</p>}
      <Loaded state={drift} label="Comparing every server with the cluster…">
        {(d) => {
          if (d === null) return <p class="muted">Not checked yet: “Check for drift” compares every server with what runs on the cluster.</p>;
          const lines = (d.servers || []).filter((l) => l.state !== 'none');
          if (lines.length === 0) return <p data-test="drift-none">Every server runs as stored.</p>;
          return (
            <Table caption="Servers that differ from their stored definition" id="drift-table" test="drift">
              <thead><tr><th scope="col">Server</th><th scope="col">Drift</th><th scope="col">Fields that differ</th></tr></thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.server} data-server={l.server} data-drift={l.state}>
                    <th scope="row"><a href={`${href('services', service, 'appmaps', appmap, 'servers', l.server)}#drift`}>{l.server}</a></th>
                    <td>{l.state}{l.unavailable ? `: ${l.unavailable}` : ''}</td>
                    <td>{l.fields || ''}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          );
        }}
      </Loaded>
    </section>
  );
}

/** The persistent volume claims of the appmap's namespace, with the servers they were made for and use them now. */
function Volumes({ service, appmap }) {
  const claims = useLoad((signal) => get(seg('services', service, 'appmaps', appmap, 'volumes'), { signal }), [service, appmap], { every: 30000 });
  return (
    <section aria-labelledby="volumes-title">
      <h2 id="volumes-title">Volumes</h2>
      <Loaded state={claims}>
        {(list) => list.length === 0 ? <p>No persistent volume. A server asks for one in its definition's volumes (<code>persistent</code>).</p> : (
          <Table caption="Persistent volume claims" id="volumes-table" test="volumes">
            <thead><tr><th scope="col">Claim</th><th scope="col">Phase</th><th scope="col">Size</th><th scope="col">Storage class</th><th scope="col">Made for</th><th scope="col">Used by</th></tr></thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.name} data-claim={c.name} class={c.phase === 'Bound' ? '' : 'warning'}>
                  <th scope="row">{c.name}</th>
                  <td>{c.phase}</td>
                  <td>{c.capacity || c.requested}{c.capacity && c.requested && c.capacity !== c.requested ? ` (asked ${c.requested})` : ''}</td>
                  <td>{c.storageClass}{(c.accessModes || []).length ? <span class="muted"> {c.accessModes.join(', ')}</span> : ''}</td>
                  <td>{c.server ? <>{c.server}{c.volume ? <span class="muted"> / {c.volume}</span> : ''}</> : ''}</td>
                  <td>{(c.usedBy || []).length ? c.usedBy.join(', ') : <span class="muted">none: kept after its server or volume went</span>}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
    </section>
  );
}

/** The appmap itself: its environment and quota changed (If-Match), or the appmap deleted, by a service administrator. */
function Settings({ service, appmap, manager }) {
  const path = seg('services', service, 'appmaps', appmap);
  const map = useLoad((signal) => get(path, { signal }), [path]);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const [confirm, ask] = useConfirm();
  if (!manager) return null;
  const save = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    const quota = quotaOf(f);
    setError(null);
    setDone(null);
    try {
      map.set(await put(path, { ...map.data, environment: f.environment.value.trim() || undefined, quota }, { ifMatch: map.data.version }));
      setDone('Saved');
    } catch (e) {
      setError(e);
    }
  };
  const remove = async () => {
    const ok = await ask({
      title: `Delete the appmap ${appmap}?`,
      body: <p>Its namespace is deleted with everything in it: its servers, their volumes and data, its config maps and secrets. It cannot be undone.</p>,
      confirm: 'Delete the appmap',
      danger: true,
    });
    if (!ok) return;
    setError(null);
    try {
      await del(path + query({ cascade: true }));
      navigate(href('services', service));
    } catch (e) {
      setError(e);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {confirm}
      <Loaded state={map}>
        {(m) => (
          <form id="appmap-settings" class="grid card" onSubmit={save} key={m.version}>
            <Field label="Cluster / namespace" name="cluster" errors={errors}>{(p) => <input {...p} id="appmap-settings-cluster" readOnly value={`${m.cluster} / ${m.namespace}`} />}</Field>
            <Field label="Environment" name="environment" errors={errors}>{(p) => <input {...p} id="appmap-settings-environment" defaultValue={m.environment || ''} />}</Field>
            <Field label="CPU quota" name="quota.cpu" errors={errors} hint="cores, e.g. 2 or 500m">{(p) => <input {...p} name="quota-cpu" id="appmap-settings-cpu" defaultValue={(m.quota && m.quota.cpu) || ''} />}</Field>
            <Field label="Memory quota" name="quota.memory" errors={errors} hint="e.g. 4Gi">{(p) => <input {...p} name="quota-memory" id="appmap-settings-memory" defaultValue={(m.quota && m.quota.memory) || ''} />}</Field>
            <Field label="Pods quota" name="quota.pods" errors={errors}>{(p) => <input {...p} name="quota-pods" id="appmap-settings-pods" type="number" min="0" defaultValue={(m.quota && m.quota.pods) ?? ''} />}</Field>
            <Field label="Storage quota" name="quota.storage" errors={errors} hint="e.g. 10Gi">{(p) => <input {...p} name="quota-storage" id="appmap-settings-storage" defaultValue={(m.quota && m.quota.storage) || ''} />}</Field>
            <Problem error={error} fields={['environment', 'quota']} />
            {done && <p role="status" class="ok wide" id="appmap-settings-done">{done}.</p>}
            <div class="buttons wide">
              <button type="submit" id="appmap-settings-save" class="primary">Save</button>
              <button type="button" id="appmap-delete" class="danger" onClick={remove}>Delete the appmap</button>
            </div>
          </form>
        )}
      </Loaded>
    </section>
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
