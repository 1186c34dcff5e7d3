// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The services the user belongs to; one service: its appmaps at a glance, its members and roles, its allotments.
import { useEffect, useState } from 'preact/hooks';
import { del, get, post, put, query, seg } from '../api.js';
import { canChange, canManage, roleIn } from '../format.js';
import { href, navigate } from '../router.js';
import { Crumbs, Field, Loaded, Problem, quotaOf, Table, useConfirm, useLoad } from '../ui.jsx';
import { FirstRun } from './firstrun.jsx';
import { lazy } from '../lazy.jsx';

// sections of a service's page that only some open, or that come below the fold: loaded when the page is first shown
const TerminalSessions = lazy(() => import('./terminals.jsx').then((m) => m.TerminalSessions));
const Registries = lazy(() => import('./registries.jsx').then((m) => m.Registries));
const Builds = lazy(() => import('./builds.jsx').then((m) => m.Builds));

export function ServicesPage({ user }) {
  const services = useLoad((signal) => get('/services', { signal }), []);
  // a platform administrator with no cluster or no service yet gets the first-run panel
  const clusters = useLoad((signal) => (user.platformAdmin ? get('/clusters', { signal }) : Promise.resolve([])), [user.platformAdmin]);
  useEffect(() => { document.title = 'Services - Cengjiyun'; }, []);
  return (
    <>
      <h1>Services</h1>
      <FirstRun user={user} services={services.data} clusters={clusters.data} reload={() => { services.reload(); clusters.reload(); }} />
      <Loaded state={services}>
        {(list) => list.length === 0 ? <p>{user.platformAdmin ? 'There is no service yet.' : 'You are not a member of any service yet: ask a service\'s administrator to add you.'}</p> : (
          <Table caption="Services" id="services-table" test="services">
            <thead><tr><th scope="col">Service</th><th scope="col">Name</th><th scope="col">Your role</th><th scope="col">Description</th></tr></thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.name} data-service={s.name}>
                  <th scope="row"><a href={href('services', s.name)}>{s.name}</a></th>
                  <td>{s.displayName}</td>
                  <td>{roleIn(user, s.name) === 'platform' ? 'platform administrator' : roleIn(user, s.name)}</td>
                  <td>{s.description}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      {user.platformAdmin && <CreateService onCreated={(s) => navigate(href('services', s.name))} />}
    </>
  );
}

function CreateService({ onCreated }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      onCreated(await post('/services', {
        name: form.name.value.trim(),
        displayName: form.displayName.value.trim() || undefined,
        description: form.description.value.trim() || undefined,
      }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <section aria-labelledby="new-service-title" class="card">
      <h2 id="new-service-title">New service</h2>
      <form id="service-form" class="grid" onSubmit={submit}>
        <Field label="Name" name="name" errors={errors} hint="Lower case letters, digits and '-', e.g. shop">
          {(p) => <input {...p} id="service-name" required pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?" maxLength={63} />}
        </Field>
        <Field label="Display name" name="displayName" errors={errors}>
          {(p) => <input {...p} id="service-display-name" maxLength={100} />}
        </Field>
        <Field label="Description" name="description" errors={errors} wide>
          {(p) => <input {...p} id="service-description" maxLength={2000} />}
        </Field>
        <Problem error={error} fields={['name', 'displayName', 'description']} />
        <div class="buttons wide"><button type="submit" id="service-create" class="primary" disabled={busy}>Create service</button></div>
      </form>
    </section>
  );
}

export function ServicePage({ user, params: [service] }) {
  const role = roleIn(user, service);
  const overview = useLoad((signal) => get(seg('services', service, 'overview'), { signal }), [service], { every: 10000 });
  const [confirm, ask] = useConfirm();
  const [error, setError] = useState(null);
  useEffect(() => { document.title = `${service} - Cengjiyun`; }, [service]);
  const remove = async () => {
    const ok = await ask({
      title: `Delete the service ${service}?`,
      body: <p>This deletes every appmap of {service}, their namespaces with everything in them, and their servers. It cannot be undone.</p>,
      confirm: 'Delete the service',
      danger: true,
    });
    if (!ok) return;
    try {
      await del(seg('services', service) + query({ cascade: true }));
      navigate('/services');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service]]} />
      <div class="title-row">
        <h1>Service {service}</h1>
        <div class="actions">
          <a class="button" id="service-monitoring" href={href('services', service, 'monitoring')}>Monitoring</a>
          {canManage(role) && <button type="button" class="danger" id="service-delete" onClick={remove}>Delete service</button>}
        </div>
      </div>
      <Problem error={error} />
      {confirm}
      <section aria-labelledby="appmaps-title">
        <h2 id="appmaps-title">Appmaps</h2>
        <Loaded state={overview}>
          {(o) => (o.appmaps || []).length === 0 ? <p>No appmap yet.</p> : (
            <Table caption="Appmaps" id="appmaps-table" test="appmaps">
              <thead><tr><th scope="col">Appmap</th><th scope="col">Cluster / namespace</th><th scope="col">Servers</th><th scope="col">Failing</th><th scope="col">Pods ready</th></tr></thead>
              <tbody>
                {o.appmaps.map((a) => (
                  <tr key={a.appmap} data-appmap={a.appmap} class={a.failing ? 'failing' : ''}>
                    <th scope="row"><a href={href('services', service, 'appmaps', a.appmap)}>{a.appmap}</a></th>
                    <td>{a.cluster} / {a.namespace}</td>
                    <td>{a.unavailable ? <span class="warn">{a.unavailable}</span> : Object.entries(a.states || {}).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ') || 'none'}</td>
                    <td>{a.failing ? <strong class="bad-text">{a.failing}</strong> : a.failing === 0 ? '0' : ''}</td>
                    <td>{a.pods !== undefined ? `${a.readyPods} / ${a.pods}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Loaded>
        {canManage(role) && <CreateAppMap service={service} onCreated={(a) => navigate(href('services', service, 'appmaps', a.name))} />}
      </section>
      <Members service={service} role={role} />
      <Allotments service={service} user={user} />
      <Registries service={service} manager={canManage(role)} />
      <Builds service={service} changer={canChange(role)} />
      {canManage(role) && <TerminalSessions service={service} />}
      {canManage(role) && <ServiceSettings service={service} />}
    </>
  );
}

/** The service's display name and description, changed by its administrators (If-Match on the version read). */
function ServiceSettings({ service }) {
  const path = seg('services', service);
  const current = useLoad((signal) => get(path, { signal }), [path]);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const save = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    setError(null);
    setDone(null);
    try {
      current.set(await put(path, { ...current.data, displayName: f.displayName.value.trim() || undefined, description: f.description.value.trim() || undefined }, { ifMatch: current.data.version }));
      setDone('Saved');
    } catch (e) {
      setError(e);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <section aria-labelledby="service-settings-title">
      <h2 id="service-settings-title">Name and description</h2>
      <Loaded state={current}>
        {(s) => (
          <form id="service-settings" class="grid card" onSubmit={save} key={s.version}>
            <Field label="Display name" name="displayName" errors={errors}>{(p) => <input {...p} id="service-settings-display-name" maxLength={100} defaultValue={s.displayName || ''} />}</Field>
            <Field label="Description" name="description" errors={errors} wide>{(p) => <input {...p} id="service-settings-description" maxLength={2000} defaultValue={s.description || ''} />}</Field>
            <Problem error={error} fields={['displayName', 'description']} />
            {done && <p role="status" class="ok wide" id="service-settings-done">{done}.</p>}
            <div class="buttons wide"><button type="submit" id="service-settings-save" class="primary">Save</button></div>
          </form>
        )}
      </Loaded>
    </section>
  );
}

function CreateAppMap({ service, onCreated }) {
  const [open, setOpen] = useState(false);
  if (!open) return <p><button type="button" id="appmap-new" onClick={() => setOpen(true)}>New appmap</button></p>;
  return <AppMapForm service={service} onCreated={onCreated} onCancel={() => setOpen(false)} />;
}

/** Read when opened: the allotments may have changed since the page was. */
function AppMapForm({ service, onCreated, onCancel }) {
  const allotments = useLoad((signal) => get(seg('services', service, 'allotments'), { signal }), [service]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    const quota = quotaOf(f);
    setBusy(true);
    setError(null);
    try {
      onCreated(await post(seg('services', service, 'appmaps'), {
        name: f.name.value.trim(),
        cluster: f.cluster.value,
        environment: f.environment.value.trim() || undefined,
        quota,
      }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  const clusters = (allotments.data || []).map((a) => a.cluster);
  return (
    <form id="appmap-form" class="grid card" onSubmit={submit} aria-label="New appmap">
      <Field label="Name" name="name" errors={errors} hint="e.g. dev; its namespace is service-name">
        {(p) => <input {...p} id="appmap-name" required autofocus />}
      </Field>
      <Field label="Cluster" name="cluster" errors={errors} hint={clusters.length || allotments.loading ? undefined : 'No cluster is allotted to this service: a platform administrator allots one below.'}>
        {(p) => <select {...p} id="appmap-cluster" required>{clusters.map((c) => <option key={c} value={c}>{c}</option>)}</select>}
      </Field>
      <Field label="Environment" name="environment" errors={errors}>{(p) => <input {...p} id="appmap-environment" placeholder="staging" />}</Field>
      <Field label="CPU quota" name="quota.cpu" errors={errors} hint="cores, e.g. 2 or 500m">{(p) => <input {...p} name="quota-cpu" id="appmap-quota-cpu" />}</Field>
      <Field label="Memory quota" name="quota.memory" errors={errors} hint="e.g. 4Gi">{(p) => <input {...p} name="quota-memory" id="appmap-quota-memory" />}</Field>
      <Field label="Pods quota" name="quota.pods" errors={errors}>{(p) => <input {...p} name="quota-pods" id="appmap-quota-pods" type="number" min="0" />}</Field>
      <Field label="Storage quota" name="quota.storage" errors={errors} hint="e.g. 10Gi">{(p) => <input {...p} name="quota-storage" id="appmap-quota-storage" />}</Field>
      <Problem error={error} fields={['name', 'cluster', 'environment', 'quota']} />
      <div class="buttons wide">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" id="appmap-create" class="primary" disabled={busy}>Create appmap</button>
      </div>
    </form>
  );
}

const ROLES = ['viewer', 'developer', 'admin'];

function Members({ service, role }) {
  const members = useLoad((signal) => get(seg('services', service, 'members'), { signal }), [service]);
  const [draft, setDraft] = useState(null);
  const [error, setError] = useState(null);
  const editing = draft !== null;
  const save = async (event) => {
    event.preventDefault();
    setError(null);
    try {
      members.set(await put(seg('services', service, 'members'), draft.filter((m) => m.user.trim())));
      setDraft(null);
    } catch (e) {
      setError(e);
    }
  };
  const change = (i, key, value) => setDraft(draft.map((m, j) => (i === j ? { ...m, [key]: value } : m)));
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <Loaded state={members}>
        {(list) => !editing ? (
          <>
            <Table caption="Members" id="members-table" test="members">
              <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Terminals</th></tr></thead>
              <tbody>{list.map((m) => <tr key={m.user}><th scope="row">{m.user}</th><td>{m.role}</td><td>{m.terminal ? 'yes' : 'no'}</td></tr>)}</tbody>
            </Table>
            {canManage(role) && <p><button type="button" id="members-edit" onClick={() => setDraft(list.map((m) => ({ ...m })))}>Change members</button></p>}
          </>
        ) : (
          <form id="members-form" onSubmit={save} aria-label="Members">
            <Table caption="Members being changed">
              <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Terminals</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
              <tbody>
                {draft.map((m, i) => (
                  <tr key={i}>
                    <td><input aria-label={`User of row ${i + 1}`} id={`member-user-${i}`} value={m.user} onInput={(e) => change(i, 'user', e.currentTarget.value)} required /></td>
                    <td><select aria-label={`Role of ${m.user || `row ${i + 1}`}`} id={`member-role-${i}`} value={m.role} onChange={(e) => change(i, 'role', e.currentTarget.value)}>
                      {ROLES.map((r) => <option key={r}>{r}</option>)}
                    </select></td>
                    <td><input type="checkbox" aria-label={`${m.user || `row ${i + 1}`} may open terminals`} id={`member-terminal-${i}`} checked={m.terminal} onChange={(e) => change(i, 'terminal', e.currentTarget.checked)} /></td>
                    <td><button type="button" onClick={() => setDraft(draft.filter((_, j) => j !== i))} aria-label={`Remove ${m.user || `row ${i + 1}`}`}>Remove</button></td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Problem error={error} />
            <div class="buttons">
              <button type="button" id="member-add" onClick={() => setDraft([...draft, { user: '', role: 'viewer', terminal: false }])}>Add a member</button>
              <button type="button" onClick={() => { setDraft(null); setError(null); }}>Cancel</button>
              <button type="submit" id="members-save" class="primary">Save members</button>
            </div>
          </form>
        )}
      </Loaded>
    </section>
  );
}

function Allotments({ service, user }) {
  const allotments = useLoad((signal) => get(seg('services', service, 'allotments'), { signal }), [service]);
  const [draft, setDraft] = useState(null);
  const [error, setError] = useState(null);
  const save = async (event) => {
    event.preventDefault();
    setError(null);
    const body = draft.map((a) => {
      const out = { cluster: a.cluster.trim() };
      for (const key of ['cpu', 'memory', 'storage']) if (String(a[key] || '').trim()) out[key] = String(a[key]).trim();
      if (a.pods !== '' && a.pods !== undefined && a.pods !== null) out.pods = Number(a.pods);
      return out;
    });
    try {
      allotments.set(await put(seg('services', service, 'allotments'), body));
      setDraft(null);
    } catch (e) {
      setError(e);
    }
  };
  const change = (i, key, value) => setDraft(draft.map((a, j) => (i === j ? { ...a, [key]: value } : a)));
  const errors = error ? error.errors : [];
  return (
    <section aria-labelledby="allotments-title">
      <h2 id="allotments-title">Allotments</h2>
      <Loaded state={allotments}>
        {(list) => draft === null ? (
          <>
            {list.length === 0 ? <p>No cluster is allotted to this service.</p> : (
              <Table caption="Allotments" id="allotments-table" test="allotments">
                <thead><tr><th scope="col">Cluster</th><th scope="col">CPU</th><th scope="col">Memory</th><th scope="col">Pods</th><th scope="col">Storage</th></tr></thead>
                <tbody>{list.map((a) => <tr key={a.cluster}><th scope="row">{a.cluster}</th><td>{a.cpu || 'no bound'}</td><td>{a.memory || 'no bound'}</td><td>{a.pods ?? 'no bound'}</td><td>{a.storage || 'no bound'}</td></tr>)}</tbody>
              </Table>
            )}
            {user.platformAdmin && <p><button type="button" id="allotments-edit" onClick={() => setDraft(list.map((a) => ({ ...a })))}>Change allotments</button></p>}
          </>
        ) : (
          <form id="allotments-form" onSubmit={save} aria-label="Allotments">
            {draft.map((a, i) => (
              <fieldset key={i} class="grid">
                <legend>Allotment {i + 1}</legend>
                {['cluster', 'cpu', 'memory', 'pods', 'storage'].map((key) => (
                  <Field key={key} label={key === 'cpu' ? 'CPU' : key[0].toUpperCase() + key.slice(1)} name={`[${i}].${key}`} errors={errors}>
                    {(p) => <input {...p} id={`allotment-${key}-${i}`} value={a[key] ?? ''} required={key === 'cluster'} onInput={(e) => change(i, key, e.currentTarget.value)} />}
                  </Field>
                ))}
                <div class="buttons"><button type="button" onClick={() => setDraft(draft.filter((_, j) => j !== i))}>Remove allotment {i + 1}</button></div>
              </fieldset>
            ))}
            <Problem error={error} fields={draft.map((_, i) => `[${i}]`)} />
            <div class="buttons">
              <button type="button" id="allotment-add" onClick={() => setDraft([...draft, { cluster: '', cpu: '', memory: '', pods: '', storage: '' }])}>Add an allotment</button>
              <button type="button" onClick={() => { setDraft(null); setError(null); }}>Cancel</button>
              <button type="submit" id="allotments-save" class="primary">Save allotments</button>
            </div>
          </form>
        )}
      </Loaded>
    </section>
  );
}
