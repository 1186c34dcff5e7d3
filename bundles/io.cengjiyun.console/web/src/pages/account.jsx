// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A user's account: display name and password, and their tokens (API tokens for scripts and CI, sign-ins, console
// sessions) with when each was last used; a new API token is shown once, then never again; any token can be revoked.
// /account is the signed-in user's own; /users/{name} the same page for a platform administrator.
import { useEffect, useState } from 'preact/hooks';
import { del, get, post, put, seg } from '../api.js';
import { ago, when } from '../format.js';
import { Crumbs, Field, Loaded, Problem, Table, useConfirm, useLoad } from '../ui.jsx';

export function AccountPage({ user: me, params }) {
  const name = (params && params[0]) || me.username;
  const own = name === me.username;
  const account = useLoad((signal) => get(seg('users', name), { signal }), [name]);
  useEffect(() => { document.title = `${own ? 'Your account' : `User ${name}`} - Cengjiyun`; }, [name]);
  return (
    <>
      {!own && <Crumbs items={[['Users', '/users'], [name]]} />}
      <h1>{own ? 'Your account' : `User ${name}`}</h1>
      <Loaded state={account}>
        {(u) => (
          <>
            <p class="muted" id="account-summary">
              {u.username}{u.platformAdmin ? ', platform administrator' : ''} · created {when(u.createdAt)}
              {(u.memberships || []).length > 0 && <> · {u.memberships.map((m) => `${m.role} of ${m.service}`).join(', ')}</>}
            </p>
            <Profile account={u} own={own} onSaved={account.set} />
          </>
        )}
      </Loaded>
      <Tokens name={name} own={own} />
    </>
  );
}

function Profile({ account, own, onSaved }) {
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    const body = { displayName: f.displayName.value.trim() };
    if (f.password.value) {
      body.password = f.password.value;
      if (own) body.currentPassword = f.currentPassword.value;
    }
    setError(null);
    setDone(null);
    try {
      onSaved(await put(seg('users', account.username), body));
      f.password.value = '';
      if (own) f.currentPassword.value = '';
      setDone(body.password ? 'Saved; the new password is used from the next sign-in' : 'Saved');
    } catch (e) {
      setError(e);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <section aria-labelledby="profile-title">
      <h2 id="profile-title">Name and password</h2>
      <form id="profile-form" class="grid card" onSubmit={submit}>
        <Field label="Display name" name="displayName" errors={errors}>{(p) => <input {...p} id="profile-display-name" defaultValue={account.displayName || ''} maxLength={100} />}</Field>
        {own && (
          <Field label="Present password" name="currentPassword" errors={errors} hint="Only to change the password">
            {(p) => <input {...p} id="profile-current-password" type="password" autocomplete="current-password" />}
          </Field>
        )}
        <Field label="New password" name="password" errors={errors} hint="At least 12 characters; leave empty to keep it">
          {(p) => <input {...p} id="profile-password" type="password" autocomplete="new-password" minLength={12} />}
        </Field>
        <Problem error={error} fields={['displayName', 'currentPassword', 'password']} />
        {done && <p role="status" class="ok wide" id="profile-done">{done}.</p>}
        <div class="buttons wide"><button type="submit" id="profile-save" class="primary">Save</button></div>
      </form>
    </section>
  );
}

function Tokens({ name, own }) {
  const base = seg('users', name, 'tokens');
  const tokens = useLoad((signal) => get(base, { signal }), [base]);
  const [created, setCreated] = useState(null);
  const [error, setError] = useState(null);
  const [listError, setListError] = useState(null);
  const [confirm, ask] = useConfirm();
  const create = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    setError(null);
    setCreated(null);
    try {
      const expires = f.expiresAt.value ? new Date(`${f.expiresAt.value}T23:59:59`).toISOString() : undefined;
      setCreated(await post(base, { name: f.name.value.trim(), expiresAt: expires }));
      f.reset();
      tokens.reload();
    } catch (e) {
      setError(e);
    }
  };
  const revoke = async (t) => {
    const ok = await ask({
      title: `Revoke the token ${t.name}?`,
      body: <p>{t.kind === 'session' ? 'That console session is signed out at once' : 'Whatever uses it is refused from its next request'}{own && t.kind === 'session' ? ' (if it is this one, you too)' : ''}.</p>,
      confirm: 'Revoke',
      danger: true,
    });
    if (!ok) return;
    setListError(null);
    try {
      await del(`${base}/${encodeURIComponent(t.id)}`);
      tokens.reload();
    } catch (e) {
      setListError(e);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">Tokens</h2>
      <p class="muted">An API token signs scripts and CI in as {own ? 'you' : name}: send it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
      {confirm}
      <Problem error={listError} />
      <Loaded state={tokens}>
        {(list) => list.length === 0 ? <p>No token.</p> : (
          <Table caption="Tokens" id="tokens-table" test="tokens">
            <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {list.map((t) => (
                <tr key={t.id} data-token={t.name} data-kind={t.kind}>
                  <th scope="row">{t.name}</th><td>{t.kind}</td><td>{when(t.createdAt)}</td><td>{t.lastUsedAt ? ago(t.lastUsedAt) : 'never'}</td><td>{when(t.expiresAt)}</td>
                  <td class="row-actions"><button type="button" class="danger" id={`token-revoke-${t.id}`} onClick={() => revoke(t)}>Revoke<span class="sr-only"> {t.name}</span></button></td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      <form id="token-form" class="grid card" onSubmit={create} aria-label="New API token">
        <h3 class="wide">New API token</h3>
        <Field label="What it is for" name="name" errors={errors} hint="e.g. ci-deploy">{(p) => <input {...p} id="token-name" required maxLength={100} />}</Field>
        <Field label="Expires on" name="expiresAt" errors={errors} hint="Left empty: the configured term (90 days unless changed)">{(p) => <input {...p} id="token-expires" type="date" />}</Field>
        <Problem error={error} fields={['name', 'expiresAt']} />
        <div class="buttons wide"><button type="submit" id="token-create" class="primary">Create token</button></div>
      </form>
      {created && (
        <div class="card" role="status" id="token-created">
          <p><strong>The token {created.name}</strong>: copy it now, it is not shown again.</p>
          <p><code id="token-secret" class="secret">{created.token}</code>{' '}
            <button type="button" id="token-copy" onClick={() => navigator.clipboard && navigator.clipboard.writeText(created.token)}>Copy</button></p>
        </div>
      )}
    </section>
  );
}
