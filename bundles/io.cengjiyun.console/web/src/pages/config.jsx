// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// An appmap's config maps and secrets: listed with the servers that use them, written as key/value entries (a secret's
// values are never read back: replacing it takes every entry again), each write with the version it was read at
// (If-Match), optionally rolling the servers that use it. Developers and administrators change them; viewers read.
import { useEffect, useState } from 'preact/hooks';
import { del, get, post, put, seg } from '../api.js';
import { ago, canChange, roleIn } from '../format.js';
import { href } from '../router.js';
import { Crumbs, Field, Loaded, Problem, Table, useConfirm, useLoad } from '../ui.jsx';

const KINDS = {
  configmaps: { one: 'config map', title: 'Config maps', secret: false },
  secrets: { one: 'secret', title: 'Secrets', secret: true },
};

export function ConfigPage({ user, params: [service, appmap] }) {
  const changer = canChange(roleIn(user, service));
  useEffect(() => { document.title = `Config maps and secrets - ${appmap} - ${service} - Cengjiyun`; }, [service, appmap]);
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service, href('services', service)], [appmap, href('services', service, 'appmaps', appmap)], ['Config maps and secrets']]} />
      <h1>Config maps and secrets of {appmap}</h1>
      <p class="muted">A server takes them as environment variables or mounts them as files (its definition's <code>envFrom</code>, <code>env[].valueFrom</code> and volumes).</p>
      <ConfigList service={service} appmap={appmap} kind="configmaps" changer={changer} />
      <ConfigList service={service} appmap={appmap} kind="secrets" changer={changer} />
    </>
  );
}

function ConfigList({ service, appmap, kind, changer }) {
  const base = seg('services', service, 'appmaps', appmap, kind);
  const list = useLoad((signal) => get(base, { signal }), [base]);
  const [editing, setEditing] = useState(null); // null, {} for a new one, or the item being replaced
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const [confirm, ask] = useConfirm();
  const { one, title, secret } = KINDS[kind];
  const remove = async (item) => {
    const users = item.usedBy || [];
    const ok = await ask({
      title: `Delete the ${one} ${item.name}?`,
      body: <p>{users.length ? `The servers ${users.join(', ')} use it: their pods will fail to start until it is back or their definitions stop using it.` : 'No server uses it.'}</p>,
      confirm: 'Delete',
      danger: true,
    });
    if (!ok) return;
    setError(null);
    setDone(null);
    try {
      await del(`${base}/${encodeURIComponent(item.name)}`, { ifMatch: item.version });
      setDone(`The ${one} ${item.name} was deleted`);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const saved = (item) => {
    setEditing(null);
    const rolled = (item.restarted || []).length ? `; rolled ${item.restarted.join(', ')}` : '';
    const not = (item.notRestarted && Object.keys(item.notRestarted).length)
      ? `; not rolled: ${Object.entries(item.notRestarted).map(([s, why]) => `${s} (${why})`).join(', ')}` : '';
    setDone(`The ${one} ${item.name} was saved (version ${item.version})${rolled}${not}`);
    list.reload();
  };
  return (
    <section aria-labelledby={`${kind}-title`} id={`${kind}-section`}>
      <div class="title-row">
        <h2 id={`${kind}-title`}>{title}</h2>
        {changer && editing === null && <button type="button" id={`${kind}-new`} onClick={() => { setDone(null); setEditing({}); }}>New {one}</button>}
      </div>
      {confirm}
      {done && <p role="status" class="ok" id={`${kind}-done`}>{done}.</p>}
      <Problem error={error} />
      {editing !== null && (
        <ConfigForm base={base} kind={kind} item={editing.name ? editing : null} onSaved={saved} onCancel={() => setEditing(null)} />
      )}
      <Loaded state={list}>
        {(items) => items.length === 0 ? <p>No {one} yet.</p> : (
          <Table caption={title} id={`${kind}-table`} test={kind}>
            <thead><tr><th scope="col">Name</th><th scope="col">{secret ? 'Keys' : 'Entries'}</th><th scope="col">Used by</th><th scope="col">Rolls its servers</th><th scope="col">Changed</th>{changer && <th scope="col"><span class="sr-only">Actions</span></th>}</tr></thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.name} data-name={item.name}>
                  <th scope="row">{item.name}</th>
                  <td>{secret ? (item.keys || []).map((k) => <code key={k}>{k} </code>)
                    : Object.entries(item.data || {}).map(([k, v]) => <div key={k}><code>{k}</code> = <code class="value">{v.length > 80 ? `${v.slice(0, 80)}…` : v}</code></div>)}</td>
                  <td>{(item.usedBy || []).map((s) => <a key={s} href={href('services', service, 'appmaps', appmap, 'servers', s)}>{s} </a>)}</td>
                  <td>{item.restartServers ? 'yes' : 'no'}</td>
                  <td>{ago(item.updatedAt)}{item.updatedBy ? ` by ${item.updatedBy}` : ''}</td>
                  {changer && (
                    <td class="row-actions">
                      <button type="button" id={`${kind}-edit-${item.name}`} onClick={() => { setDone(null); setEditing(item); }}>{secret ? 'Replace' : 'Edit'}<span class="sr-only"> {item.name}</span></button>
                      <button type="button" class="danger" id={`${kind}-delete-${item.name}`} onClick={() => remove(item)}>Delete<span class="sr-only"> {item.name}</span></button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
    </section>
  );
}

/** The entries as rows; a config map's present values filled in, a secret's keys only (its values are not readable). */
function ConfigForm({ base, kind, item, onSaved, onCancel }) {
  const { one, secret } = KINDS[kind];
  const initial = item
    ? (secret ? (item.keys || []).map((key) => ({ key, value: '' })) : Object.entries(item.data || {}).map(([key, value]) => ({ key, value })))
    : [];
  const [rows, setRows] = useState(initial.length ? initial : [{ key: '', value: '' }]);
  const [restart, setRestart] = useState(item ? Boolean(item.restartServers) : false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const prefix = `${kind}-form`;
  const change = (i, field, value) => setRows(rows.map((r, j) => (i === j ? { ...r, [field]: value } : r)));
  const submit = async (event) => {
    event.preventDefault();
    const data = {};
    for (const row of rows) if (row.key.trim() || row.value) data[row.key.trim()] = row.value;
    setBusy(true);
    setError(null);
    try {
      const name = item ? item.name : event.currentTarget.elements.name.value.trim();
      const body = { name, data, restartServers: restart };
      onSaved(item
        ? await put(`${base}/${encodeURIComponent(item.name)}`, body, { ifMatch: item.version })
        : await post(base, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <form id={prefix} class="card" onSubmit={submit} aria-label={item ? `${secret ? 'Replace' : 'Edit'} the ${one} ${item.name}` : `New ${one}`}>
      <h3>{item ? `${secret ? 'Replace' : 'Edit'} ${item.name}` : `New ${one}`}</h3>
      {!item && (
        <Field label="Name" name="name" errors={errors} hint="Lower case letters, digits and '-'">
          {(p) => <input {...p} id={`${prefix}-name`} required autofocus maxLength={63} />}
        </Field>
      )}
      {secret && item && <p class="hint">A secret's values are never shown again: give every entry's value; the entries left out are removed.</p>}
      <fieldset>
        <legend>Entries</legend>
        {rows.map((row, i) => (
          <div class="grid entry" key={i} role="group" aria-label={`Entry ${i + 1}`}>
            <Field label="Key" name={`data.${row.key.trim()}`} errors={errors}>
              {(p) => <input {...p} id={`${prefix}-key-${i}`} value={row.key} onInput={(e) => change(i, 'key', e.currentTarget.value)} spellcheck={false} />}
            </Field>
            <Field label="Value" name={`data[${i}]`} errors={[]}>
              {(p) => (secret
                ? <input {...p} id={`${prefix}-value-${i}`} type="password" autocomplete="new-password" value={row.value} onInput={(e) => change(i, 'value', e.currentTarget.value)} />
                : <textarea {...p} id={`${prefix}-value-${i}`} class="code" rows={Math.min(8, Math.max(1, row.value.split('\n').length))} value={row.value} spellcheck={false} onInput={(e) => change(i, 'value', e.currentTarget.value)} />)}
            </Field>
            <div class="buttons"><button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>Remove<span class="sr-only"> entry {i + 1}</span></button></div>
          </div>
        ))}
        <button type="button" id={`${prefix}-add`} onClick={() => setRows([...rows, { key: '', value: '' }])}>Add an entry</button>
      </fieldset>
      <div class="check">
        <input id={`${prefix}-restart`} type="checkbox" checked={restart} onChange={(e) => setRestart(e.currentTarget.checked)} />
        <label for={`${prefix}-restart`}>Roll the servers that use it when its entries change</label>
      </div>
      <Problem error={error} fields={['name', ...rows.map((r) => `data.${r.key.trim()}`)]} />
      <div class="buttons">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" id={`${prefix}-save`} class="primary" disabled={busy}>{item ? 'Save' : `Create ${one}`}</button>
      </div>
    </form>
  );
}
