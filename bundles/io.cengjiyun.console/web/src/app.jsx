// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

import { useEffect, useRef, useState } from 'preact/hooks';
import { CSRF_KEY, get, kept, onSignedOut, restoreSession, seg, signIn, signOut, USER_KEY } from './api.js';
import { match, onLinkClick, useLocation } from './router.js';
import { Problem } from './ui.jsx';
import { ServicesPage, ServicePage } from './pages/services.jsx';
import { AppMapPage } from './pages/appmap.jsx';
import { ServerPage } from './pages/server.jsx';
import { ServerEditPage } from './pages/edit.jsx';
import { LogsPage } from './pages/logs.jsx';
import { TerminalPage } from './pages/terminal.jsx';
import { lazy } from './lazy.jsx';

// uPlot only when a chart is shown: the first page stays small.
const MonitoringPage = lazy(() => import('./pages/monitoring.jsx').then((m) => m.MonitoringPage));
// pages few open, or open rarely, come when first opened too
const admin = () => import('./pages/admin.jsx');
const AuditPage = lazy(() => admin().then((m) => m.AuditPage));
const ClustersPage = lazy(() => admin().then((m) => m.ClustersPage));
const ClusterPage = lazy(() => admin().then((m) => m.ClusterPage));
const UsersPage = lazy(() => admin().then((m) => m.UsersPage));
const BackupsPage = lazy(() => admin().then((m) => m.BackupsPage));
const AccountPage = lazy(() => import('./pages/account.jsx').then((m) => m.AccountPage));
const ConfigPage = lazy(() => import('./pages/config.jsx').then((m) => m.ConfigPage));

const PAGES = {
  services: ServicesPage,
  service: ServicePage,
  appmap: AppMapPage,
  server: ServerPage,
  newServer: ServerEditPage,
  editServer: ServerEditPage,
  logs: LogsPage,
  monitoring: MonitoringPage,
  appmapMonitoring: MonitoringPage,
  serviceMonitoring: MonitoringPage,
  nodeMonitoring: MonitoringPage,
  cluster: ClusterPage,
  terminal: TerminalPage,
  audit: AuditPage,
  clusters: ClustersPage,
  users: UsersPage,
  user: AccountPage,
  account: AccountPage,
  backups: BackupsPage,
  config: ConfigPage,
};

/** The signed-in user with memberships: {user, reload}; undefined while asking, null when signed out. */
function useSession() {
  const [user, setUser] = useState(undefined);
  const load = async () => {
    let name = kept(USER_KEY);
    if (!name || !kept(CSRF_KEY)) {
      // a new tab, or storage cleared, with the session cookie still valid: the API says whose session it is
      name = await restoreSession();
    }
    if (!name) {
      setUser(null);
      return;
    }
    try {
      setUser(await get(seg('users', name)));
    } catch (e) {
      setUser(e.status === 401 || e.status === 403 || e.status === 404 ? null : { username: name, memberships: [], failed: e });
    }
  };
  useEffect(() => {
    load();
    return onSignedOut(() => setUser(null));
  }, []);
  return [user, load, setUser];
}

export function App() {
  const [user, reload, setUser] = useSession();
  const where = useLocation();
  if (user === undefined) return <p class="boot" role="status">Loading the Cengjiyun console…</p>;
  if (user === null) return <SignIn onSignedIn={reload} />;
  return <Shell user={user} where={where} onSignOut={async () => { try { await signOut(); } finally { setUser(null); } }} />;
}

function Shell({ user, where, onSignOut }) {
  const route = match(where.path);
  const Page = PAGES[route.name];
  const main = useRef(null);
  const first = useRef(true);
  const [menu, setMenu] = useState(false);
  // a new page: move the focus to its main region, so a screen reader starts reading it (not on the first load)
  useEffect(() => {
    setMenu(false);
    if (first.current) { first.current = false; return; }
    if (main.current) main.current.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }, [where.path]);
  const nav = [['Services', '/services', 'services']];
  if (user.platformAdmin) nav.push(['Clusters', '/clusters', 'clusters'], ['Users', '/users', 'users'], ['Audit log', '/audit', 'audit'], ['Backups', '/backups', 'backups']);
  const section = where.path.split('/')[1] || 'services';
  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); main.current.focus(); }}>Skip to content</a>
      <header class="top">
        <a class="brand" href="/services">Cengjiyun</a>
        <button type="button" class="menu-button" aria-expanded={menu ? 'true' : 'false'} aria-controls="main-nav"
          onClick={() => setMenu(!menu)}>Menu</button>
        <nav id="main-nav" aria-label="Main" class={menu ? 'open' : ''}>
          <ul>
            {nav.map(([label, to, key]) => (
              <li key={key}><a href={to} id={`nav-${key}`} aria-current={section === key ? 'page' : undefined}>{label}</a></li>
            ))}
            <li><a href="/api/docs/" target="_blank" rel="noopener">API reference</a></li>
          </ul>
        </nav>
        <div class="who">
          <a id="signed-in-user" data-test="signed-in-user" href="/account" title="Your account and tokens" aria-current={section === 'account' ? 'page' : undefined}>{user.displayName || user.username}{user.platformAdmin ? ' (administrator)' : ''}</a>
          <button type="button" id="sign-out" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      {user.failed && <Problem error={user.failed} />}
      <main id="main" ref={main} tabIndex={-1}>
        {Page ? <Page key={route.name + route.params.join('/')} user={user} params={route.params} search={where.search} route={route.name} />
          : <NotFound />}
      </main>
    </div>
  );
}

function NotFound() {
  useEffect(() => { document.title = 'Not found - Cengjiyun'; }, []);
  return (
    <>
      <h1>Nothing here</h1>
      <p>The console has no page at this address. Go to the <a href="/services">services</a>.</p>
    </>
  );
}

function SignIn({ onSignedIn }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { document.title = 'Sign in - Cengjiyun'; }, []);
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      await signIn(form.username.value.trim(), form.password.value);
      form.password.value = '';
      await onSignedIn();
    } catch (e) {
      setError(e.status === 401 ? { ...e, status: 401, title: 'Not signed in', detail: 'Wrong user name or password.' } : e);
      form.password.select();
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="signin-page">
      <form id="signin" class="signin card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Cengjiyun</h1>
        <div class="field">
          <label for="username">User name</label>
          <input id="username" name="username" autocomplete="username" required autofocus />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <Problem error={error} id="signin-error" />
        <button id="signin-submit" type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
