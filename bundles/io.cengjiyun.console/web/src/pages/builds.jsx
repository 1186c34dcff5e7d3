// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A service's image builds (the build bundle's API): the history, newest first, with state, digest, duration and the
// step that failed; a form that starts one from a tar.gz of its context; a build's output followed live (Server-Sent
// Events) with a cancel. On a platform without the build bundle (404) the section is not shown.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, del, follow, get, query, seg } from '../api.js';
import { ago } from '../format.js';
import { Field, Loaded, Problem, Table, useLoad } from '../ui.jsx';

export function Builds({ service, changer }) {
  const base = seg('services', service, 'builds');
  const list = useLoad((signal) => get(`${base}?limit=20`, { signal }), [base], { every: 10000 });
  const [shown, setShown] = useState(null);
  const [starting, setStarting] = useState(false);
  if (list.error && list.error.status === 404 && list.data === undefined) return null;
  return (
    <section aria-labelledby="builds-title" id="builds">
      <div class="title-row">
        <h2 id="builds-title">Image builds</h2>
        {changer && !starting && <button type="button" id="build-new" onClick={() => setStarting(true)}>Build an image</button>}
      </div>
      {starting && <BuildForm service={service} base={base} onStarted={(b) => { setStarting(false); setShown(b.id); list.reload(); }} onCancel={() => setStarting(false)} />}
      <Loaded state={list}>
        {(items) => items.length === 0 ? <p>No build yet.</p> : (
          <Table caption="Image builds, newest first" id="builds-table" test="builds">
            <thead><tr><th scope="col">Image</th><th scope="col">State</th><th scope="col">Digest or failed step</th><th scope="col">Took</th><th scope="col">Asked</th><th scope="col"><span class="sr-only">Output</span></th></tr></thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.id} data-build={b.id} data-state={b.state}>
                  <th scope="row"><code>{b.repository}:{b.tag}</code><br /><small class="muted">{b.registry} · {b.appmap}</small></th>
                  <td><span class={`badge ${b.state === 'SUCCEEDED' ? 'good' : b.state === 'FAILED' ? 'bad' : b.state === 'CANCELLED' ? 'idle' : 'busy'}`}>{b.state}</span></td>
                  <td>{b.digest ? <code class="value">{b.digest.slice(0, 19)}…</code> : b.failedStep ? <span class="bad-text">{b.failedStep}</span> : b.message}</td>
                  <td>{b.durationMillis !== undefined ? `${(b.durationMillis / 1000).toFixed(1)} s` : ''}</td>
                  <td>{ago(b.createdAt)} by {b.createdBy}</td>
                  <td><button type="button" id={`build-show-${b.id}`} onClick={() => setShown(b.id)}>Output<span class="sr-only"> of {b.repository}:{b.tag}</span></button></td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      {shown && <BuildOutput key={shown} base={base} id={shown} changer={changer} onEnded={list.reload} onClose={() => setShown(null)} />}
    </section>
  );
}

function BuildOutput({ base, id, changer, onEnded, onClose }) {
  const [lines, setLines] = useState([]);
  const [end, setEnd] = useState(null);
  const [error, setError] = useState(null);
  const box = useRef(null);
  useEffect(() => follow(`${base}/${encodeURIComponent(id)}/events`, {
    line: (text) => setLines((old) => [...old.slice(-1999), typeof text === 'string' ? text : JSON.stringify(text)]),
    end: (build) => { setEnd(build); onEnded(); },
  }), [id]);
  useEffect(() => { if (box.current) box.current.scrollTop = box.current.scrollHeight; }, [lines]);
  const cancel = async () => {
    setError(null);
    try { await del(`${base}/${encodeURIComponent(id)}`); } catch (e) { setError(e); }
  };
  return (
    <div class="card" id="build-output" data-build={id} data-ended={end ? end.state : ''}>
      <div class="title-row">
        <h3>Build {id}</h3>
        <div class="actions">
          {changer && !end && <button type="button" class="danger" id="build-cancel" onClick={cancel}>Cancel the build</button>}
          <button type="button" onClick={onClose}>Close</button>
        </div>
      </div>
      <Problem error={error} />
      <div class="log" ref={box} role="log" aria-live="polite" aria-label="The build's output" tabIndex={0} id="build-lines">
        {lines.map((l, i) => <div key={i} class="line">{l}</div>)}
      </div>
      {end && (
        <p role="status" id="build-end" class={end.state === 'SUCCEEDED' ? 'ok' : 'warn'}>
          {end.state}: {end.state === 'SUCCEEDED' ? <>pushed <code>{end.image}@{end.digest}</code></> : end.message}
        </p>
      )}
    </div>
  );
}

function BuildForm({ service, base, onStarted, onCancel }) {
  const appmaps = useLoad((signal) => get(seg('services', service, 'appmaps'), { signal }), [service]);
  const registries = useLoad((signal) => get(seg('services', service, 'registries'), { signal }), [service]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    const file = f.context.files && f.context.files[0];
    const args = f.args.value.split('\n').map((a) => a.trim()).filter(Boolean);
    setBusy(true);
    setError(null);
    try {
      const params = new URLSearchParams(query({
        appmap: f.appmap.value, registry: f.registry.value, repository: f.repository.value.trim(), tag: f.tag.value.trim(),
        dockerfile: f.dockerfile.value.trim() || undefined,
      }).slice(1));
      args.forEach((a) => params.append('arg', a));
      onStarted(await call('POST', `${base}?${params}`, { body: file ? await file.arrayBuffer() : '', type: 'application/gzip' }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <form id="build-form" class="grid card" onSubmit={submit} aria-label="Build an image">
      <Field label="Context (tar.gz)" name="body" errors={errors} hint="tar -czf context.tar.gz -C ./app . (at most 768 KiB)">
        {(p) => <input {...p} name="context" id="build-context" type="file" accept=".tar.gz,.tgz,application/gzip" required />}
      </Field>
      <Field label="Dockerfile" name="dockerfile" errors={errors} hint="Its path in the context">{(p) => <input {...p} id="build-dockerfile" placeholder="Dockerfile" />}</Field>
      <Field label="Runs in appmap" name="appmap" errors={errors} hint="Its namespace and quota">
        {(p) => <select {...p} id="build-appmap" required>{(appmaps.data || []).map((a) => <option key={a.name} value={a.name}>{a.name}</option>)}</select>}
      </Field>
      <Field label="Pushes to registry" name="registry" errors={errors}>
        {(p) => <select {...p} id="build-registry" required>{(registries.data || []).map((r) => <option key={r.name} value={r.name}>{r.name} ({r.address})</option>)}</select>}
      </Field>
      <Field label="Repository" name="repository" errors={errors} hint="e.g. shop/web">{(p) => <input {...p} id="build-repository" required />}</Field>
      <Field label="Tag" name="tag" errors={errors} hint="e.g. 1.4">{(p) => <input {...p} id="build-tag" required />}</Field>
      <Field label="Build arguments" name="args" errors={errors} hint="NAME=value, one per line" wide>{(p) => <textarea {...p} id="build-args" class="code" rows={2} />}</Field>
      <Problem error={error} fields={['body', 'dockerfile', 'appmap', 'registry', 'repository', 'tag']} />
      <div class="buttons wide">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" id="build-start" class="primary" disabled={busy}>Build</button>
      </div>
    </form>
  );
}

