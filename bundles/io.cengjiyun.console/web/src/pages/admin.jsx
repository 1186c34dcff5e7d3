// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// For platform administrators: the audit log (filtered, paged back by id), the clusters (register, check, remove)
// and the users (create, delete). The API refuses them to anyone else; the pages say so with its 403.
import { useEffect, useState } from 'preact/hooks';
import { del, get, post, query, seg } from '../api.js';
import { ago, bytes, measure, when } from '../format.js';
import { href } from '../router.js';
import { Crumbs, Field, Loaded, Problem, Table, useConfirm, useLoad } from '../ui.jsx';
import { FirstRun } from './firstrun.jsx';

export function AuditPage() {
  const [filters, setFilters] = useState({ service: '', user: '', since: '' });
  const [before, setBefore] = useState(undefined);
  const [pages, setPages] = useState([]);
  const records = useLoad((signal) => get(`/audit${query({ ...filters, since: filters.since ? new Date(filters.since).toISOString() : undefined, before, limit: 100 })}`, { signal }), [filters, before]);
  useEffect(() => { document.title = 'Audit log - Cengjiyun'; }, []);
  const submit = (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    setPages([]);
    setBefore(undefined);
    setFilters({ service: f.service.value.trim(), user: f.user.value.trim(), since: f.since.value });
  };
  const errors = records.error ? records.error.errors : [];
  return (
    <>
      <h1>Audit log</h1>
      <form id="audit-filter" class="toolbar" onSubmit={submit} aria-label="Filter the audit log">
        <Field label="Service" name="service" errors={errors}>{(p) => <input {...p} id="audit-service" />}</Field>
        <Field label="User" name="user" errors={errors}>{(p) => <input {...p} id="audit-user" />}</Field>
        <Field label="Since" name="since" errors={errors}>{(p) => <input {...p} id="audit-since" type="datetime-local" />}</Field>
        <div class="buttons"><button type="submit" id="audit-apply">Apply</button></div>
      </form>
      <Loaded state={records}>
        {(list) => (
          <>
            {list.length === 0 ? <p>No records.</p> : (
              <Table caption="Audit records, newest first" id="audit-table" test="audit">
                <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">Detail</th></tr></thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id} class={r.outcome !== 'success' ? 'warning' : ''}>
                      <td>{when(r.at)}</td><td>{r.actor}{r.address ? <span class="muted"> from {r.address}</span> : ''}</td><td>{r.action}</td>
                      <td><code>{r.target}</code></td><td>{r.outcome}{r.status ? ` (${r.status})` : ''}</td><td>{r.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
            <div class="buttons">
              {pages.length > 0 && <button type="button" onClick={() => { const rest = pages.slice(0, -1); setPages(rest); setBefore(pages[pages.length - 1]); }}>Newer</button>}
              {list.length === 100 && <button type="button" id="audit-older" onClick={() => { setPages([...pages, before]); setBefore(Math.min(...list.map((r) => r.id))); }}>Older</button>}
            </div>
          </>
        )}
      </Loaded>
    </>
  );
}

export function ClustersPage({ user }) {
  const clusters = useLoad((signal) => get('/clusters', { signal }), []);
  const services = useLoad((signal) => get('/services', { signal }), []);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [confirm, ask] = useConfirm();
  useEffect(() => { document.title = 'Clusters - Cengjiyun'; }, []);
  const register = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      await post('/clusters', { name: f.name.value.trim(), kubeconfig: f.kubeconfig.value });
      f.reset();
      clusters.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const run = async (work) => {
    setError(null);
    try { await work(); clusters.reload(); } catch (e) { setError(e); }
  };
  const errors = error ? error.errors : [];
  return (
    <>
      <h1>Clusters</h1>
      <FirstRun user={user} services={services.data} clusters={clusters.data} reload={() => { services.reload(); clusters.reload(); }} place="clusters" />
      {confirm}
      <Problem error={error} fields={['name', 'kubeconfig']} />
      <Loaded state={clusters}>
        {(list) => list.length === 0 ? <p>No cluster is registered.</p> : (
          <Table caption="Clusters" id="clusters-table" test="clusters">
            <thead><tr><th scope="col">Cluster</th><th scope="col">Reachable</th><th scope="col">Version</th><th scope="col">Nodes</th><th scope="col">Checked</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.name} data-cluster={c.name}>
                  <th scope="row"><a href={seg('clusters', c.name)}>{c.name}</a><br /><small class="muted">{c.server}</small></th>
                  <td>{c.reachable ? 'yes' : <span class="bad-text">no: {c.message}</span>}</td>
                  <td>{c.version}</td>
                  <td>{(c.nodes || []).map((n) => `${n.name}${n.ready ? '' : ' (not ready)'}`).join(', ')}</td>
                  <td>{ago(c.checkedAt)}</td>
                  <td class="row-actions">
                    <button type="button" onClick={() => run(() => post(seg('clusters', c.name, 'refresh')))}>Check now<span class="sr-only"> {c.name}</span></button>
                    <button type="button" class="danger" onClick={async () => (await ask({ title: `Remove the cluster ${c.name}?`, body: <p>The platform forgets it and its credentials; nothing on the cluster is touched.</p>, confirm: 'Remove', danger: true }))
                      && run(() => del(seg('clusters', c.name)))}>Remove<span class="sr-only"> {c.name}</span></button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      <section class="card" aria-labelledby="cluster-new-title">
        <h2 id="cluster-new-title">Register a cluster</h2>
        <form id="cluster-form" class="grid" onSubmit={register}>
          <Field label="Name" name="name" errors={errors}>{(p) => <input {...p} id="cluster-name" required />}</Field>
          <Field label="Kubeconfig" name="kubeconfig" errors={errors} hint="Its current context is used; it is stored sealed and never shown again" wide>
            {(p) => <textarea {...p} id="cluster-kubeconfig" class="code" rows={8} required spellcheck={false} />}
          </Field>
          <Field label="Or load it from a file" name="kubeconfig-file" errors={[]}>
            {(p) => <input {...p} id="cluster-kubeconfig-file" type="file" onChange={(e) => {
              const file = e.currentTarget.files && e.currentTarget.files[0];
              const area = e.currentTarget.form.kubeconfig;
              if (file) file.text().then((text) => { area.value = text; }, (x) => setError(x));
            }} />}
          </Field>
          <div class="buttons wide"><button type="submit" id="cluster-register" class="primary" disabled={busy}>Register</button></div>
        </form>
      </section>
    </>
  );
}

export function UsersPage({ user: me }) {
  const users = useLoad((signal) => get('/users', { signal }), []);
  const [error, setError] = useState(null);
  const [listError, setListError] = useState(null);
  const [confirm, ask] = useConfirm();
  useEffect(() => { document.title = 'Users - Cengjiyun'; }, []);
  const create = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    setError(null);
    try {
      await post('/users', { username: f.username.value.trim(), password: f.password.value, displayName: f.displayName.value.trim() || undefined, platformAdmin: f.platformAdmin.checked });
      f.reset();
      users.reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (name) => {
    if (!(await ask({ title: `Delete the user ${name}?`, body: <p>Their sign-ins end at once and they leave every service. The audit log keeps their records.</p>, confirm: 'Delete', danger: true }))) return;
    setListError(null);
    try { await del(seg('users', name)); users.reload(); } catch (e) { setListError(e); }
  };
  const errors = error ? error.errors : [];
  return (
    <>
      <h1>Users</h1>
      {confirm}
      <Problem error={listError} />
      <Loaded state={users}>
        {(list) => (
          <Table caption="Users" id="users-table" test="users">
            <thead><tr><th scope="col">User</th><th scope="col">Name</th><th scope="col">Administrator</th><th scope="col">Created</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.username} data-user={u.username}>
                  <th scope="row"><a href={seg('users', u.username)}>{u.username}</a></th><td>{u.displayName}</td><td>{u.platformAdmin ? 'yes' : 'no'}</td><td>{when(u.createdAt)}</td>
                  <td class="row-actions">{u.username !== me.username && <button type="button" class="danger" onClick={() => remove(u.username)}>Delete<span class="sr-only"> {u.username}</span></button>}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      <section class="card" aria-labelledby="user-new-title">
        <h2 id="user-new-title">New user</h2>
        <form id="user-form" class="grid" onSubmit={create}>
          <Field label="User name" name="username" errors={errors}>{(p) => <input {...p} id="user-username" required autocomplete="off" />}</Field>
          <Field label="Display name" name="displayName" errors={errors}>{(p) => <input {...p} id="user-display-name" />}</Field>
          <Field label="Password" name="password" errors={errors} hint="At least 12 characters">{(p) => <input {...p} id="user-password" type="password" required minLength={12} autocomplete="new-password" />}</Field>
          <div class="check"><input id="user-admin" name="platformAdmin" type="checkbox" /><label for="user-admin">Platform administrator</label></div>
          <Problem error={error} fields={['username', 'displayName', 'password']} />
          <div class="buttons wide"><button type="submit" id="user-create" class="primary">Create user</button></div>
        </form>
      </section>
    </>
  );
}

/** Backups of the embedded database with the key files that seal its credentials (online: writers go on). */
export function BackupsPage() {
  const backups = useLoad((signal) => get('/backups', { signal }), []);
  const [error, setError] = useState(null);
  const [made, setMade] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { document.title = 'Backups - Cengjiyun'; }, []);
  const create = async (event) => {
    event.preventDefault();
    const target = event.currentTarget.target.value.trim();
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      setMade(await post('/backups', target ? { target } : {}));
      backups.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <>
      <h1>Backups</h1>
      <p class="muted">A backup holds the database and the key files that seal the credentials in it: keep it as safe as the data folder. <code>bin/cengjiyun restore &lt;folder&gt;</code> brings one back while the platform is stopped.</p>
      <form id="backup-form" class="toolbar" onSubmit={create} aria-label="New backup">
        <Field label="Folder" name="target" errors={errors} hint="Absolute; left empty: the data folder's backups">{(p) => <input {...p} id="backup-target" placeholder="/var/backups/cengjiyun" />}</Field>
        <div class="buttons"><button type="submit" id="backup-create" class="primary" disabled={busy}>{busy ? 'Backing up…' : 'Back up now'}</button></div>
      </form>
      <Problem error={error} fields={['target']} />
      {made && <p role="status" class="ok" id="backup-done">Backed up into <code>{made.path}</code> ({bytes(made.bytes)}).</p>}
      <Loaded state={backups}>
        {(list) => list.length === 0 ? <p>No backup yet.</p> : (
          <Table caption="Backups, newest first" id="backups-table" test="backups">
            <thead><tr><th scope="col">Made</th><th scope="col">Folder</th><th scope="col">Size</th><th scope="col">Key files</th></tr></thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.path} data-backup={b.name}><th scope="row">{when(b.created)}</th><td><code>{b.path}</code></td><td>{bytes(b.bytes)}</td><td>{(b.keyFiles || []).join(', ')}</td></tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
    </>
  );
}

/** One cluster: its nodes (what each can give, what is requested of it, its pods), each as last measured. */
export function ClusterPage({ params: [name] }) {
  const cluster = useLoad((signal) => get(seg('clusters', name), { signal }), [name]);
  const nodes = useLoad((signal) => get(seg('clusters', name, 'nodes'), { signal }), [name], { every: 30000 });
  const usage = useLoad((signal) => get(seg('clusters', name, 'usage'), { signal }), [name], { every: 30000 });
  useEffect(() => { document.title = `Cluster ${name} - Cengjiyun`; }, [name]);
  const measured = {};
  for (const n of (usage.data && usage.data.nodes) || []) measured[n.name] = n;
  return (
    <>
      <Crumbs items={[['Clusters', '/clusters'], [name]]} />
      <h1>Cluster {name}</h1>
      <Loaded state={cluster}>
        {(c) => (
          <p class="muted" id="cluster-summary">
            {c.server} · Kubernetes {c.version || 'unknown'} · {c.reachable ? 'reachable' : <span class="bad-text">not reachable: {c.message}</span>} · checked {ago(c.checkedAt)}
          </p>
        )}
      </Loaded>
      <section aria-labelledby="nodes-title">
        <h2 id="nodes-title">Nodes</h2>
        <Loaded state={nodes}>
          {(n) => (n.nodes || []).length === 0 ? <p>No node.</p> : (
            <Table caption="Nodes" id="nodes-table" test="nodes">
              <thead><tr><th scope="col">Node</th><th scope="col">Ready</th><th scope="col">CPU requested / allocatable</th><th scope="col">Memory requested / allocatable</th><th scope="col">Pods (the platform's)</th><th scope="col">Measured</th><th scope="col"><span class="sr-only">Charts</span></th></tr></thead>
              <tbody>
                {n.nodes.map((node) => {
                  const m = measured[node.name];
                  const requested = node.requested || {};
                  const allocatable = node.allocatable || {};
                  return (
                    <tr key={node.name} data-node={node.name} class={node.ready ? '' : 'warning'}>
                      <th scope="row">{node.name}<br /><small class="muted">{node.kubeletVersion}</small></th>
                      <td>{node.ready ? 'yes' : <span class="bad-text">no</span>}{(node.problems || []).length > 0 && <><br /><small>{node.problems.join('; ')}</small></>}</td>
                      <td>{requested.cpu || '0'} / {allocatable.cpu}</td>
                      <td>{requested.memory || '0'} / {allocatable.memory}</td>
                      <td>{node.pods} ({node.platformPods}) of {allocatable.pods}</td>
                      <td>{m ? `${measure(m.cpuCores, 'cores')} cores, ${bytes(m.memoryBytes)} ${ago(m.time)}` : <span class="muted">not yet</span>}</td>
                      <td><a href={`${href('clusters', name, 'nodes', node.name)}/monitoring`} id={`node-monitoring-${node.name}`}>Monitoring<span class="sr-only"> of {node.name}</span></a></td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Loaded>
        {usage.data && (usage.data.missingNodes || []).length > 0 && (
          <p class="warn" id="nodes-missing">Not measured in the last round: {usage.data.missingNodes.join('; ')}</p>
        )}
      </section>
    </>
  );
}
