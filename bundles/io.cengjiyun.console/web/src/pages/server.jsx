// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// One server: its state, the actions a developer may take (each confirmed), its rollout followed live (SSE), why it
// does not run (diagnosis), its pods and events, its ports with their addresses, and its revisions with their diff
// and a rollback. A viewer sees the same without any action button.
import { useEffect, useRef, useState } from 'preact/hooks';
import { del, follow, get, post, put, query, serverPath } from '../api.js';
import { addressLink, ago, canChange, canOpenTerminal, moving, roleIn, when } from '../format.js';
import { href, navigate } from '../router.js';
import { Crumbs, Field, Loaded, Problem, State, Table, useConfirm, useLoad } from '../ui.jsx';
import { lazy } from '../lazy.jsx';

const Images = lazy(() => import('./images.jsx').then((m) => m.Images));

const QUIET = new Set(['RUNNING', 'STOPPED', 'COMPLETED']);

/** Follows the rollout while `on`: {status, end: null | {kind, data}}; `start()` follows it again. */
function useRollout(path, initiallyOn, onChange) {
  const [run, setRun] = useState(initiallyOn ? 1 : 0);
  const [state, setState] = useState({ status: null, end: null, following: false });
  useEffect(() => {
    if (!run) return undefined;
    setState({ status: null, end: null, following: true });
    const finish = (kind) => (data) => {
      setState((old) => ({ ...old, end: { kind, data }, following: false }));
      close();
      onChange();
    };
    const close = follow(`${path}/rollout?timeout=900`, {
      progress: (status) => { setState((old) => ({ ...old, status })); onChange(status); },
      done: finish('done'),
      failed: finish('failed'),
      timeout: finish('timeout'),
      error: () => setState((old) => (old.end ? old : { ...old, following: false, end: { kind: 'lost', data: 'The stream of the rollout ended: reload the page to see where it stands.' } })),
    });
    return close;
  }, [run]);
  return [state, () => setRun((n) => n + 1)];
}

export function ServerPage({ user, params: [service, appmap, name], search }) {
  const path = serverPath(service, appmap, name);
  const role = roleIn(user, service);
  const changer = canChange(role);
  const server = useLoad((signal) => get(path, { signal }), [path]);
  const status = useLoad((signal) => get(`${path}/status`, { signal }), [path], { every: 5000 });
  const [tick, setTick] = useState(0);
  // the live objects (pods, claims): read again whenever the state changes
  const objects = useLoad((signal) => get(`${path}/objects`, { signal }), [path, tick]);
  const [rollout, followRollout] = useRollout(path, search.get('rollout') === '1', (progress) => {
    if (progress) {
      status.set(progress);
    } else {
      status.reload();
      server.reload();
    }
  });
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const [confirm, ask] = useConfirm();
  const followed = useRef(false);
  useEffect(() => { document.title = `${name} - ${appmap} - ${service} - Cengjiyun`; }, [path]);
  // the state changed (the 5 s poll or the rollout): pods, events, diagnosis and revisions are read again
  const lastStatus = useRef('');
  useEffect(() => {
    const now = JSON.stringify(status.data || null);
    if (lastStatus.current && now !== lastStatus.current) setTick((n) => n + 1);
    lastStatus.current = now;
  }, [status.data]);
  // a rollout under way when the page opens is followed at once
  useEffect(() => {
    if (!followed.current && status.data && moving(status.data.state) && !rollout.following) {
      followed.current = true;
      followRollout();
    }
  }, [status.data]);

  const act = async (label, run) => {
    setError(null);
    setDone(null);
    try {
      const answer = await run();
      setDone(label);
      if (answer && answer.state) status.set(answer);
      server.reload();
      followRollout();
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const version = server.data && server.data.version;
  const kind = server.data && server.data.definition && server.data.definition.kind;
  const state = status.data && status.data.state;
  const replicas = server.data && server.data.definition && server.data.definition.replicas;

  const actions = {
    stop: async () => (await ask({ title: `Stop ${name}?`, body: <p>Its pods are removed; its definition and replicas are kept, and Start brings it back as it was.</p>, confirm: 'Stop', danger: true }))
      && act('Stopped', () => post(`${path}/stop`)),
    start: async () => (await ask({ title: `Start ${name}?`, body: <p>It runs again as it was stopped.</p>, confirm: 'Start' }))
      && act('Started', () => post(`${path}/start`)),
    restart: async () => (await ask({ title: `Restart ${name}?`, body: <p>Its pods are replaced one by one (a rolling restart); the definition does not change.</p>, confirm: 'Restart' }))
      && act('Restarted', () => post(`${path}/restart`)),
    scale: async () => {
      const values = await ask({
        title: `Scale ${name}`,
        values: { replicas: replicas ?? 1 },
        body: (v, set) => (
          <div class="field">
            <label for="scale-replicas">Replicas</label>
            <input id="scale-replicas" type="number" min="0" max="1000" required value={v.replicas}
              onInput={(e) => set({ replicas: e.currentTarget.value })} />
            <small class="hint">A new revision "scaled to N" is stored and rolled out.</small>
          </div>
        ),
        confirm: 'Scale',
      });
      if (values) await act(`Scaled to ${values.replicas}`, () => post(`${path}/scale`, { replicas: Number(values.replicas) }, { ifMatch: version }));
    },
    remove: async () => {
      const values = await ask({
        title: `Delete ${name}?`,
        values: { stop: QUIET.has(state) && state !== 'RUNNING' ? false : true, volumes: false },
        danger: true,
        confirm: 'Delete',
        body: (v, set) => (
          <>
            <p>Its objects are deleted from the cluster, then its revisions. This cannot be undone.</p>
            <div class="check"><input id="delete-stop" type="checkbox" checked={v.stop} onChange={(e) => set({ ...v, stop: e.currentTarget.checked })} /><label for="delete-stop">Stop it first if it runs</label></div>
            <div class="check"><input id="delete-volumes" type="checkbox" checked={v.volumes} onChange={(e) => set({ ...v, volumes: e.currentTarget.checked })} /><label for="delete-volumes">Delete its persistent volumes and their data too</label></div>
          </>
        ),
      });
      if (!values) return;
      setError(null);
      try {
        await del(path + query({ stop: values.stop, volumes: values.volumes }), { ifMatch: version });
        navigate(href('services', service, 'appmaps', appmap));
      } catch (e) {
        setError(e);
      }
    },
  };
  const scalable = kind === 'Deployment' || kind === 'StatefulSet';
  const base = href('services', service, 'appmaps', appmap, 'servers', name);
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service, href('services', service)], [appmap, href('services', service, 'appmaps', appmap)], [name]]} />
      <div class="title-row">
        <h1>Server {name}</h1>
        <nav aria-label="Server" class="actions">
          <a class="button" id="server-logs" href={`${base}/logs`}>Logs</a>
          <a class="button" id="server-monitoring" href={`${base}/monitoring`}>Monitoring</a>
          {canOpenTerminal(user, service) && (
            <a class="button" id="server-terminal" href={`${base}/terminal`}>Terminal</a>
          )}
        </nav>
      </div>
      {confirm}
      <section aria-labelledby="status-title" class="card">
        <h2 id="status-title" class="sr-only">Status</h2>
        <Loaded state={status}>
          {(s) => (
            <div class="status" data-test="status">
              <p><State state={s.state} /> <span id="server-message">{s.message}</span></p>
              <p class="muted">
                {kind && <>{kind} · </>}
                {s.desired !== undefined && <span id="server-pods">{s.ready ?? 0} of {s.desired} pods ready · </span>}
                revision {s.revision ?? version}{s.appliedRevision !== undefined && s.appliedRevision !== s.revision ? ` (the cluster runs ${s.appliedRevision})` : ''}
              </p>
              {s.drift && <p class="warn">{s.drift}</p>}
              {s.state === 'UNKNOWN' && s.lastKnownState && <p class="warn">Last seen {s.lastKnownState} {ago(s.lastKnownAt)}.</p>}
            </div>
          )}
        </Loaded>
        <RolloutProgress rollout={rollout} />
        {changer && server.data && (
          <div class="actions" role="group" aria-label="Actions" data-test="actions">
            <a class="button" id="action-edit" href={`${base}/edit`}>Edit</a>
            {state === 'STOPPED'
              ? <button type="button" id="action-start" onClick={actions.start}>Start</button>
              : <button type="button" id="action-stop" onClick={actions.stop}>Stop</button>}
            <button type="button" id="action-restart" onClick={actions.restart} disabled={state === 'STOPPED'}>Restart</button>
            {scalable && <button type="button" id="action-scale" onClick={actions.scale} disabled={state === 'STOPPED'}>Scale</button>}
            <button type="button" id="action-delete" class="danger" onClick={actions.remove}>Delete</button>
          </div>
        )}
        {done && !error && <p role="status" class="ok" id="action-done">{done}.</p>}
        <Problem error={error} id="action-error" />
      </section>
      {state && !QUIET.has(state) && <Diagnosis path={path} tick={tick} />}
      <Pods objects={objects} service={service} appmap={appmap} name={name} />
      {server.data && <Images path={path} server={server.data} tick={tick} changer={changer} ask={ask}
        onRolledOut={(answer) => { server.reload(); followRollout(); setDone(`Newer images: revision ${answer.revision} is rolling out`); }} />}
      <Ports path={path} tick={tick} />
      <Volumes objects={objects} server={server.data} />
      {server.data && scalable && <Autoscaling path={path} server={server.data} changer={changer}
        onSaved={(answer) => { server.set(answer); followRollout(); setDone(answer.definition.autoscaling ? 'Autoscaling set' : 'Autoscaling turned off'); }} />}
      {server.data && <Drift path={path} server={server.data} tick={tick} changer={changer} ask={ask}
        onChanged={(message, answer) => { if (answer) server.set(answer); server.reload(); status.reload(); followRollout(); setTick((n) => n + 1); setDone(message); }} />}
      <Events path={path} tick={tick} />
      {server.data && <Revisions path={path} server={server.data} tick={tick} changer={changer} ask={ask}
        onRolledBack={(answer) => { server.set(answer); followRollout(); setDone(`Rolled back: revision ${answer.version} is rolling out`); }} />}
    </>
  );
}

function RolloutProgress({ rollout }) {
  const { status, end, following } = rollout;
  if (!following && !end) return null;
  const desired = status && status.desired;
  const ready = (status && status.ready) || 0;
  return (
    <div class="rollout" id="rollout" data-test="rollout" data-following={following ? 'true' : 'false'} data-end={end ? end.kind : ''}>
      <h3>Rollout</h3>
      {following && (
        <p role="status" aria-live="polite">
          {status ? `${status.state}: ${status.message || ''}` : 'Following the rollout…'}
        </p>
      )}
      {following && desired > 0 && <progress max={desired} value={ready} aria-label={`${ready} of ${desired} pods ready`} />}
      {end && (
        <p role="status" class={end.kind === 'done' ? 'ok' : 'warn'} id="rollout-end">
          {end.kind === 'done' && 'The rollout is done.'}
          {end.kind === 'failed' && <>The rollout failed: {typeof end.data === 'string' ? end.data : (end.data && (end.data.message || end.data.reason)) || ''}</>}
          {end.kind === 'timeout' && 'Still rolling out after 15 minutes: see the diagnosis below.'}
          {end.kind === 'lost' && end.data}
        </p>
      )}
    </div>
  );
}

function Diagnosis({ path, tick }) {
  const diagnosis = useLoad((signal) => get(`${path}/diagnosis`, { signal }), [path, tick], { every: 5000 });
  const causes = (diagnosis.data && diagnosis.data.causes) || [];
  return (
    <section aria-labelledby="diagnosis-title" class="card attention" id="diagnosis">
      <h2 id="diagnosis-title">Why it is not running</h2>
      <Loaded state={diagnosis}>
        {(d) => (causes.length === 0 ? <p>{d.message || 'No cause found on its objects yet.'}</p> : (
          <ol class="causes" data-test="causes">
            {causes.map((c, i) => (
              <li key={i} data-cause={c.kind}><strong>{c.kind}</strong>{c.object && <> on <code>{c.object}</code></>}: {c.message}{c.since && <span class="muted"> (since {when(c.since)})</span>}</li>
            ))}
          </ol>
        ))}
      </Loaded>
    </section>
  );
}

function Pods({ objects, service, appmap, name }) {
  return (
    <section aria-labelledby="pods-title">
      <h2 id="pods-title">Pods</h2>
      <Loaded state={objects}>
        {(o) => !(o.pods || []).length ? <p>No pods.</p> : (
          <Table caption="Pods" id="pods-table" test="pods">
            <thead><tr><th scope="col">Pod</th><th scope="col">Phase</th><th scope="col">Ready</th><th scope="col">Restarts</th><th scope="col">Revision</th><th scope="col">Node</th><th scope="col">Started</th></tr></thead>
            <tbody>
              {o.pods.map((p) => (
                <tr key={p.name} data-pod={p.name}>
                  <th scope="row"><a href={`${href('services', service, 'appmaps', appmap, 'servers', name, 'logs')}?pod=${encodeURIComponent(p.name)}`}>{p.name}</a>{p.deleting && <span class="muted"> (deleting)</span>}</th>
                  <td>{p.phase}</td><td>{p.ready}</td><td>{p.restarts}</td><td>{p.revision}</td><td>{p.node}</td><td>{ago(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
    </section>
  );
}

function Ports({ path, tick }) {
  const ports = useLoad((signal) => get(`${path}/ports`, { signal }), [path, tick]);
  if (ports.data && ports.data.length === 0) return null;
  return (
    <section aria-labelledby="ports-title">
      <h2 id="ports-title">Ports</h2>
      <Loaded state={ports}>
        {(list) => (
          <Table caption="Ports" id="ports-table" test="ports">
            <thead><tr><th scope="col">Port</th><th scope="col">Exposure</th><th scope="col">Addresses</th></tr></thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.name}>
                  <th scope="row">{p.name} {p.port}/{p.protocol || 'TCP'}{p.targetPort !== undefined && ` → ${p.targetPort}`}</th>
                  <td>{p.exposure}{p.nodePort ? ` (node port ${p.nodePort})` : ''}</td>
                  <td>{(p.addresses || []).length === 0 ? <span class="muted">none yet</span> : p.addresses.map((a) => {
                    const link = addressLink(a, p);
                    return <span key={a} class="address">{link ? <a href={link} target="_blank" rel="noopener noreferrer" data-test="port-address">{a}</a> : <code>{a}</code>} </span>;
                  })}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
    </section>
  );
}

function Events({ path, tick }) {
  const events = useLoad((signal) => get(`${path}/events`, { signal }), [path, tick]);
  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      <Loaded state={events}>
        {(list) => list.length === 0 ? <p>No events.</p> : (
          <Table caption="Events, newest first" id="events-table" test="events">
            <thead><tr><th scope="col">Last seen</th><th scope="col">Type</th><th scope="col">Reason</th><th scope="col">Object</th><th scope="col">Message</th></tr></thead>
            <tbody>
              {list.slice(0, 50).map((e, i) => (
                <tr key={i} class={e.type === 'Warning' ? 'warning' : ''}>
                  <td>{ago(e.lastSeen)}{e.count > 1 ? ` (${e.count}×)` : ''}</td><td>{e.type}</td><td>{e.reason}</td><td><code>{e.object}</code></td><td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
    </section>
  );
}

/** A unified diff, each line marked added, removed or context (colour and a sign, for those who cannot see colour). */
export function UnifiedDiff({ text, id }) {
  if (!text) return <p id={id}>No difference.</p>;
  return (
    <pre class="diff" id={id} data-test="diff" tabIndex={0} aria-label="Differences">
      {text.split('\n').map((line, i) => {
        const kind = line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
        return <span key={i} class={kind}>{line}{'\n'}</span>;
      })}
    </pre>
  );
}

function Revisions({ path, server, tick, changer, ask, onRolledBack }) {
  const history = useLoad((signal) => get(`${path}/history`, { signal }), [path, server.version, tick]);
  const [selected, setSelected] = useState(null);
  const [diff, setDiff] = useState(null);
  const [error, setError] = useState(null);
  const current = server.version;
  const compare = async (number) => {
    setSelected(number);
    setDiff(null);
    setError(null);
    try {
      setDiff(await get(`${path}/diff${query({ from: current, to: number })}`));
    } catch (e) {
      setError(e);
    }
  };
  const rollback = async (number) => {
    let shown = diff && selected === number ? diff : null;
    if (!shown) {
      try { shown = await get(`${path}/diff${query({ from: current, to: number })}`); } catch (e) { setError(e); return; }
    }
    const ok = await ask({
      title: `Roll back to revision ${number}?`,
      body: (
        <>
          <p>Revision {number}'s definition is stored as revision {current + 1} and rolled out. These are the changes from revision {current}:</p>
          <UnifiedDiff text={shown.unified} id="rollback-diff" />
        </>
      ),
      confirm: `Roll back to ${number}`,
    });
    if (!ok) return;
    setError(null);
    try {
      onRolledBack(await post(`${path}/rollback`, { revision: number }, { ifMatch: current }));
      setSelected(null);
      setDiff(null);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="revisions-title">
      <h2 id="revisions-title">Revisions</h2>
      <Loaded state={history}>
        {(h) => (
          <Table caption="Revisions, newest first" id="revisions-table" test="revisions">
            <thead><tr><th scope="col">Revision</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Why</th><th scope="col">Rollouts</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {(h.revisions || []).map((r) => (
                <tr key={r.revision} data-revision={r.revision} class={selected === r.revision ? 'selected' : ''}>
                  <th scope="row">{r.revision}{r.revision === h.running && <span class="badge good small"> running</span>}</th>
                  <td>{when(r.createdAt)}</td>
                  <td>{r.author}</td>
                  <td>{r.message}</td>
                  <td>{(r.rollouts || []).map((o) => `${o.action.toLowerCase()}${o.result ? `: ${o.result}` : ' (running)'}${o.cause ? ` (${o.cause})` : ''}`).join('; ')}</td>
                  <td class="row-actions">
                    {r.revision !== current && <button type="button" id={`revision-diff-${r.revision}`} onClick={() => compare(r.revision)}>Diff<span class="sr-only"> with revision {current}</span></button>}
                    {changer && r.revision !== current && <button type="button" id={`revision-rollback-${r.revision}`} onClick={() => rollback(r.revision)}>Roll back<span class="sr-only"> to revision {r.revision}</span></button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      <Problem error={error} />
      {diff && (
        <div class="card">
          <h3>From revision {diff.from} (current) to revision {diff.to}</h3>
          <UnifiedDiff text={diff.unified} id="revision-diff" />
        </div>
      )}
    </section>
  );
}

/** The server's persistent volume claims as the cluster has them (its definition's `persistent` volumes). */
function Volumes({ objects, server }) {
  const defined = ((server && server.definition && server.definition.volumes) || []);
  const claims = (objects.data && objects.data.claims) || [];
  if (defined.length === 0 && claims.length === 0) return null;
  return (
    <section aria-labelledby="volumes-title">
      <h2 id="volumes-title">Volumes</h2>
      {defined.length > 0 && (
        <ul class="plain" data-test="defined-volumes">
          {defined.map((v) => (
            <li key={v.name}><strong>{v.name}</strong>: {v.type}{v.source ? ` ${v.source}` : ''}{v.size ? ` of ${v.size}` : ''} at <code>{v.mountPath}{v.subPath ? `/${v.subPath}` : ''}</code>{v.readOnly ? ' (read only)' : ''}</li>
          ))}
        </ul>
      )}
      {claims.length > 0 && (
        <Table caption="Persistent volume claims" id="server-claims-table" test="claims">
          <thead><tr><th scope="col">Claim</th><th scope="col">Volume</th><th scope="col">Phase</th><th scope="col">Capacity</th><th scope="col">Storage class</th><th scope="col">Created</th></tr></thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.name} data-claim={c.name}><th scope="row">{c.name}</th><td>{c.volume}</td><td>{c.phase}</td><td>{c.capacity}</td><td>{c.storageClass}</td><td>{ago(c.createdAt)}</td></tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

/** A HorizontalPodAutoscaler for the server: replicas between a floor and a ceiling, on CPU and/or memory use. */
function Autoscaling({ path, server, changer, onSaved }) {
  const current = server.definition.autoscaling || null;
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const number = (value) => (value === '' ? undefined : Number(value));
  const save = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      onSaved(await put(`${path}/autoscaling`, {
        ...(current && current.behavior ? { behavior: current.behavior } : {}),
        minReplicas: number(f.minReplicas.value),
        maxReplicas: number(f.maxReplicas.value),
        cpuUtilization: number(f.cpuUtilization.value),
        memoryUtilization: number(f.memoryUtilization.value),
      }, { ifMatch: server.version }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const off = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await del(`${path}/autoscaling`, { ifMatch: server.version }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  if (!changer) {
    return (
      <section aria-labelledby="autoscaling-title">
        <h2 id="autoscaling-title">Autoscaling</h2>
        <p id="autoscaling-summary">{current ? `Between ${current.minReplicas ?? 1} and ${current.maxReplicas} replicas${current.cpuUtilization ? `, CPU at ${current.cpuUtilization}%` : ''}${current.memoryUtilization ? `, memory at ${current.memoryUtilization}%` : ''}.` : 'Off: the server runs the replicas it is given.'}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="autoscaling-title">
      <h2 id="autoscaling-title">Autoscaling</h2>
      <form id="autoscaling-form" class="grid card" onSubmit={save} key={server.version} data-version={server.version}>
        <p class="wide muted" id="autoscaling-summary">{current ? 'On: Kubernetes sets the replicas between these bounds; a change is stored as a new revision.' : 'Off: the server runs the replicas it is given. Set the bounds and at least one target to turn it on.'}</p>
        <Field label="Fewest replicas" name="minReplicas" errors={errors}>{(p) => <input {...p} id="autoscaling-min" type="number" min="1" defaultValue={current ? current.minReplicas ?? '' : 1} />}</Field>
        <Field label="Most replicas" name="maxReplicas" errors={errors}>{(p) => <input {...p} id="autoscaling-max" type="number" min="1" required defaultValue={current ? current.maxReplicas : ''} />}</Field>
        <Field label="Target CPU use (%)" name="cpuUtilization" errors={errors} hint="of the containers' CPU requests">{(p) => <input {...p} id="autoscaling-cpu" type="number" min="1" defaultValue={current ? current.cpuUtilization ?? '' : 80} />}</Field>
        <Field label="Target memory use (%)" name="memoryUtilization" errors={errors} hint="of the containers' memory requests">{(p) => <input {...p} id="autoscaling-memory" type="number" min="1" defaultValue={current ? current.memoryUtilization ?? '' : ''} />}</Field>
        <Problem error={error} fields={['minReplicas', 'maxReplicas', 'cpuUtilization', 'memoryUtilization']} />
        <div class="buttons wide">
          <button type="submit" id="autoscaling-save" class="primary" disabled={busy}>{current ? 'Save autoscaling' : 'Turn autoscaling on'}</button>
          {current && <button type="button" id="autoscaling-off" onClick={off} disabled={busy}>Turn autoscaling off</button>}
        </div>
      </form>
    </section>
  );
}

/** The fields where the live objects differ from the stored revision: put the stored back, or store what runs. */
function Drift({ path, server, tick, changer, ask, onChanged }) {
  const [again, setAgain] = useState(0);
  const drift = useLoad((signal) => get(`${path}/drift`, { signal }), [path, tick, server.version, again]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const fields = (drift.data && drift.data.fields) || [];
  const run = async (work) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setAgain((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const reconcile = async () => (await ask({
    title: `Put back what ${server.name} stores?`,
    body: <p>Revision {server.version} is applied to the cluster again: the {fields.length} fields changed there are set back. No new revision is stored.</p>,
    confirm: 'Reconcile',
  })) && run(async () => {
    await post(`${path}/drift/reconcile`);
    onChanged('Reconciled: the stored revision was applied again');
  });
  const adopt = async () => (await ask({
    title: `Store what runs as ${server.name}'s next revision?`,
    body: <p>The changed fields the definition can express are taken from the cluster into revision {server.version + 1}; the others are listed.</p>,
    confirm: 'Adopt',
  })) && run(async () => {
    const adoption = await post(`${path}/drift/adopt`, undefined, { ifMatch: server.version });
    const not = (adoption.notAdopted || []).map((f) => `${f.path} (${f.why || 'not expressible'})`);
    const n = (adoption.adopted || []).length;
    onChanged(`Adopted ${n} field${n === 1 ? '' : 's'} as revision ${adoption.revision}${not.length ? `; not adopted: ${not.join(', ')}` : ''}`);
  });
  return (
    <section aria-labelledby="drift-title" id="drift">
      <div class="title-row">
        <h2 id="drift-title">Drift</h2>
        <div class="actions">
          <button type="button" id="drift-check" onClick={() => setAgain((n) => n + 1)} disabled={drift.loading}>Check again</button>
          {changer && fields.length > 0 && <button type="button" id="drift-reconcile" onClick={reconcile} disabled={busy}>Reconcile</button>}
          {changer && fields.length > 0 && <button type="button" id="drift-adopt" onClick={adopt} disabled={busy}>Adopt</button>}
        </div>
      </div>
      <Problem error={error} />
      <Loaded state={drift}>
        {(d) => (fields.length === 0
          ? <p data-test="drift-none" id="drift-state">{d.state === 'stopped' ? 'Stopped: nothing runs to compare.' : 'The cluster runs what is stored.'}</p>
          : (
            <Table caption="Fields that differ from the stored revision" id="drift-table" test="drift">
              <thead><tr><th scope="col">Object</th><th scope="col">Field</th><th scope="col">Stored</th><th scope="col">Live</th><th scope="col">Adopt stores it as</th></tr></thead>
              <tbody>
                {fields.map((f) => (
                  <tr key={f.object + f.path} data-path={f.path}>
                    <td><code>{f.object}</code></td><th scope="row"><code>{f.path}</code></th>
                    <td><code>{f.stored ?? 'absent'}</code></td><td><code>{f.live ?? 'absent'}</code></td>
                    <td>{f.definitionPath ? <code>{f.definitionPath}</code> : <span class="muted">cannot be adopted</span>}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ))}
      </Loaded>
    </section>
  );
}
