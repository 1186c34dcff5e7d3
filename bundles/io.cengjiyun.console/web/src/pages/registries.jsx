// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A service's image registries (the registry bundle's API): address, user and pull secret, never a password; its
// administrators add one, change its user or password (the pull secrets change in place in every appmap namespace),
// or remove it. Each write shows, per appmap, whether its pull secret was written. On a platform without the registry
// bundle (404) the section is not shown.
import { useEffect, useState } from 'preact/hooks';
import { del, get, post, put, seg } from '../api.js';
import { ago, bytes, shortDigest } from '../format.js';
import { Field, Loaded, Problem, Table, useConfirm, useLoad } from '../ui.jsx';

export function Registries({ service, manager }) {
  const base = seg('services', service, 'registries');
  const list = useLoad((signal) => get(base, { signal }), [base]);
  const [editing, setEditing] = useState(null); // null, {} for a new one, or the registry being changed
  const [error, setError] = useState(null);
  const [outcome, setOutcome] = useState(null);
  const [browsing, setBrowsing] = useState(null); // the registry whose images are shown
  const [confirm, ask] = useConfirm();
  // a platform without the registry bundle answers 404 (the service page says so itself when the service is gone)
  if (list.error && list.error.status === 404 && list.data === undefined) return null;
  const saved = (what, answer) => {
    setEditing(null);
    setOutcome({ what, appmaps: answer.appmaps || [] });
    list.reload();
  };
  const remove = async (r) => {
    const ok = await ask({
      title: `Remove the registry ${r.name}?`,
      body: <p>Its pull secret <code>{r.pullSecret}</code> is deleted from every appmap of {service}. Pods running keep running; new pods of servers whose images come from {r.address} cannot pull them any more.</p>,
      confirm: 'Remove',
      danger: true,
    });
    if (!ok) return;
    setError(null);
    try {
      saved(`The registry ${r.name} was removed`, await del(`${base}/${encodeURIComponent(r.name)}`, { ifMatch: r.version }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="registries-title" id="registries">
      <div class="title-row">
        <h2 id="registries-title">Image registries</h2>
        {manager && editing === null && <button type="button" id="registry-new" onClick={() => { setOutcome(null); setEditing({}); }}>Add a registry</button>}
      </div>
      <p class="muted">A server whose image is <code>&lt;address&gt;/&lt;repository&gt;:&lt;tag&gt;</code> of one of these pulls it with the registry's pull secret, kept in every appmap's namespace.</p>
      {confirm}
      <Problem error={error} />
      {outcome && (
        <div role="status" id="registry-outcome" class="card">
          <p class="ok">{outcome.what}.</p>
          {outcome.appmaps.length > 0 && (
            <ul class="plain">
              {outcome.appmaps.map((a) => (
                <li key={a.appmap} data-appmap={a.appmap} data-outcome={a.outcome}>
                  {a.appmap} (<code>{a.namespace}</code>): pull secret {a.outcome}{a.detail ? <span class="bad-text"> {a.detail}</span> : ''}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {editing !== null && <RegistryForm base={base} item={editing.name ? editing : null} onSaved={saved} onCancel={() => setEditing(null)} />}
      <Loaded state={list}>
        {(items) => items.length === 0 ? <p>No registry: servers run images the nodes can pull without credentials.</p> : (
          <Table caption="Image registries" id="registries-table" test="registries">
            <thead><tr><th scope="col">Registry</th><th scope="col">Address</th><th scope="col">User</th><th scope="col">Pull secret</th><th scope="col">Changed</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.name} data-registry={r.name}>
                  <th scope="row">{r.name}{r.service !== service ? <span class="badge small" data-test="shared-by"> shared by {r.service}</span> : (r.sharedWith || []).length > 0 ? <span class="muted"> shared with {r.sharedWith.join(', ')}</span> : ''}</th><td><code>{r.address}</code></td><td>{r.username}</td><td><code>{r.pullSecret}</code></td>
                  <td>{ago(r.updatedAt)}{r.updatedBy ? ` by ${r.updatedBy}` : ''}</td>
                  <td class="row-actions">
                    <button type="button" id={`registry-browse-${r.name}`} aria-pressed={browsing === r.name} onClick={() => setBrowsing(browsing === r.name ? null : r.name)}>Images<span class="sr-only"> of {r.name}</span></button>
                    {manager && r.service === service && <button type="button" id={`registry-edit-${r.name}`} onClick={() => { setOutcome(null); setEditing(r); }}>Change<span class="sr-only"> {r.name}</span></button>}
                    {manager && r.service === service && <button type="button" class="danger" id={`registry-delete-${r.name}`} onClick={() => remove(r)}>Remove<span class="sr-only"> {r.name}</span></button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      {browsing && <Browse base={`${base}/${encodeURIComponent(browsing)}`} registry={browsing} key={browsing} />}
    </section>
  );
}

/** Pages of a list: the items so far, and `more()` while the API gives a `next`. */
function usePages(load, field) {
  const [state, setState] = useState({ items: [], next: null, error: null, loading: false, started: false });
  const fetchPage = async (last) => {
    setState((old) => ({ ...old, loading: true, error: null, started: true }));
    try {
      const page = await load(last);
      setState((old) => ({ items: [...(last ? old.items : []), ...page[field]], next: page.next || null, error: null, loading: false, started: true }));
    } catch (error) {
      setState((old) => ({ ...old, error, loading: false }));
    }
  };
  return [state, () => fetchPage(null), () => fetchPage(state.next)];
}

/** A registry's repositories, and the tags of the one chosen (the registry's own API, through the platform). */
function Browse({ base, registry }) {
  const [repos, first, more] = usePages((last) => get(`${base}/repositories?n=50${last ? `&last=${encodeURIComponent(last)}` : ''}`), 'repositories');
  const [repository, setRepository] = useState(null);
  useEffect(() => { first(); }, []);
  return (
    <div class="card" id="registry-browse" aria-live="polite">
      <h3>Images in {registry}</h3>
      <Problem error={repos.error} id="registry-browse-error" />
      {repos.items.length === 0 && !repos.loading && !repos.error && <p>No repository yet: push an image, or build one below.</p>}
      <ul class="plain" id="registry-repositories">
        {repos.items.map((r) => (
          <li key={r} data-repository={r}>
            <button type="button" class="link" aria-expanded={repository === r} onClick={() => setRepository(repository === r ? null : r)}><code>{r}</code></button>
            {repository === r && <Tags base={base} repository={r} />}
          </li>
        ))}
      </ul>
      {repos.loading && <p class="muted" role="status">Loading…</p>}
      {repos.next && !repos.loading && <button type="button" id="registry-more" onClick={more}>More repositories</button>}
    </div>
  );
}

function Tags({ base, repository }) {
  const [tags, first, more] = usePages((last) => get(`${base}/repositories/${repository}/tags?n=20${last ? `&last=${encodeURIComponent(last)}` : ''}`), 'tags');
  useEffect(() => { first(); }, []);
  return (
    <div class="nested">
      <Problem error={tags.error} />
      {tags.items.length > 0 && (
        <Table caption={`The tags of ${repository}`} test="registry-tags">
          <thead><tr><th scope="col">Tag</th><th scope="col">Digest</th><th scope="col">Size</th><th scope="col">Made</th></tr></thead>
          <tbody>
            {tags.items.map((t) => (
              <tr key={t.tag} data-tag={t.tag}>
                <th scope="row"><code>{t.tag}</code></th>
                <td><code title={t.digest}>{shortDigest(t.digest)}</code></td>
                <td>{t.size != null ? bytes(t.size) : (t.platforms || []).join(', ')}</td>
                <td>{t.created ? ago(t.created) : ''}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {tags.loading && <p class="muted" role="status">Loading…</p>}
      {tags.next && !tags.loading && <button type="button" onClick={more}>More tags</button>}
    </div>
  );
}

function RegistryForm({ base, item, onSaved, onCancel }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    const body = {
      address: f.address.value.trim(),
      username: f.username.value.trim(),
      password: f.password.value || undefined,
      ca: f.ca.value.trim() || undefined,
      sharedWith: f.sharedWith.value.split(',').map((n) => n.trim()).filter((n) => n),
    };
    setBusy(true);
    setError(null);
    try {
      if (item) {
        onSaved(`The registry ${item.name} was changed`, await put(`${base}/${encodeURIComponent(item.name)}`, body, { ifMatch: item.version }));
      } else {
        const name = f.elements.name.value.trim();
        onSaved(`The registry ${name} was added`, await post(base, { name, ...body }));
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <form id="registry-form" class="grid card" onSubmit={submit} aria-label={item ? `Change the registry ${item.name}` : 'Add a registry'}>
      {!item && <Field label="Name" name="name" errors={errors} hint="e.g. team-registry">{(p) => <input {...p} id="registry-name" required maxLength={51} autofocus />}</Field>}
      <Field label="Address" name="address" errors={errors} hint="host[:port], no https:// and no path">{(p) => <input {...p} id="registry-address" required defaultValue={item ? item.address : ''} spellcheck={false} />}</Field>
      <Field label="User" name="username" errors={errors}>{(p) => <input {...p} id="registry-username" required defaultValue={item ? item.username : ''} autocomplete="off" />}</Field>
      <Field label="Password or token" name="password" errors={errors} hint={item ? 'Left empty: the stored one is kept' : 'Sealed at rest, never shown again'}>
        {(p) => <input {...p} id="registry-password" type="password" required={!item} autocomplete="new-password" />}
      </Field>
      <Field label="Certificate authority (PEM)" name="ca" errors={errors} hint="Only for a registry whose certificate no public authority signed" wide>
        {(p) => <textarea {...p} id="registry-ca" class="code" rows={3} spellcheck={false} defaultValue={item && item.ca ? item.ca : ''} />}
      </Field>
      <Field label="Shared with" name="sharedWith" errors={errors} hint="Other services that may pull from it and browse it, by name, separated by commas; only this service changes it" wide>
        {(p) => <input {...p} id="registry-shared" spellcheck={false} defaultValue={item && item.sharedWith ? item.sharedWith.join(', ') : ''} />}
      </Field>
      <Problem error={error} fields={['name', 'address', 'username', 'password', 'ca', 'sharedWith']} />
      <div class="buttons wide">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" id="registry-save" class="primary" disabled={busy}>{item ? 'Save' : 'Add registry'}</button>
      </div>
    </form>
  );
}
