// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The first run, for a platform administrator while the platform has no cluster or no service: the local cluster
// coming up (GET /setup/local-cluster every 2 s, its last lines in a live log), trying it again when it failed,
// registering a cluster from a kubeconfig file, and a first service with an appmap and an example server in one form.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, get, post } from '../api.js';
import { elapsed, exampleServer, FIRST_SERVICE, firstCluster, firstRunView, firstServiceSteps, madeSoFar, mergeLines, POLL_MS, runSteps } from '../firstrun.js';
import { href, navigate } from '../router.js';
import { Field, Problem } from '../ui.jsx';

/** The local cluster's setup, read again every 2 s while it is coming up; {setup, lines, error, reload, set}. */
function useSetup() {
  const [setup, setSetup] = useState(undefined);
  const [lines, setLines] = useState([]);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  const lastState = useRef(undefined);
  const take = (status) => {
    lastState.current = status.state;
    setSetup(status);
    setLines((kept) => mergeLines(kept, status.lines || []));
  };
  useEffect(() => {
    const controller = new AbortController();
    let timer;
    const run = async () => {
      let status = null;
      const last = { state: lastState.current };
      try {
        status = await get('/setup/local-cluster', { signal: controller.signal });
        if (controller.signal.aborted) return;
        take(status);
        setError(null);
      } catch (e) {
        if (e.name === 'AbortError' || controller.signal.aborted) return;
        setError(e);
      }
      // keep asking while it comes up (a failed read too, if it was coming up), not when nothing moves
      if (!controller.signal.aborted && (status || last).state === 'STARTING') timer = setTimeout(run, POLL_MS);
    };
    run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [tick]);
  return { setup, lines, error, reload: () => setTick((n) => n + 1), take };
}

/**
 * The panel: nothing for anyone but a platform administrator, nor once a cluster and a service exist. `services` and
 * `clusters` are the lists the page loaded (undefined while loading), `reload()` reads them again. On the Clusters
 * page (`place="clusters"`) the page's own form registers a cluster and the first service is a link to the services.
 */
export function FirstRun({ user, services, clusters, reload, place = 'services' }) {
  if (!user || !user.platformAdmin || services === undefined || clusters === undefined) return null;
  if (clusters.length > 0 && services.length > 0) return null;
  return <FirstRunPanel services={services} clusters={clusters} reload={reload} place={place} />;
}

function FirstRunPanel({ services, clusters, reload, place }) {
  const setup = useSetup();
  const [problem, setProblem] = useState(null); // {where: 'retry'|'register'|'create', error}
  const [, setNow] = useState(0);
  const state = setup.setup && setup.setup.state;
  // the cluster is registered the moment it is READY: read the clusters again to move on to the first service
  const before = useRef(state);
  useEffect(() => {
    if (before.current === 'STARTING' && state && state !== 'STARTING') reload();
    before.current = state;
  }, [state]);
  // the elapsed time moves every second while it comes up
  useEffect(() => {
    if (state !== 'STARTING') return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [state]);
  if (setup.setup === undefined && !setup.error) return <section id="first-run" class="card first-run" aria-label="First run"><p class="muted" role="status">Reading the first run's state…</p></section>;
  const { view, status } = firstRunView(setup.setup, clusters, services);
  if (view === 'hidden') return null;
  const retry = async () => {
    setProblem(null);
    try {
      setup.take(await post('/setup/local-cluster'));
      setup.reload();
    } catch (e) {
      setProblem({ where: 'retry', error: e });
    }
  };
  const s = setup.setup || { state: 'OFF' };
  return (
    <section id="first-run" class="card first-run" aria-labelledby="first-run-title" data-view={view}>
      <h2 id="first-run-title">{view === 'create' ? 'First run: your first service' : 'First run: a cluster to run on'}</h2>
      {setup.error && <Problem error={setup.error} />}
      {status || view === 'starting' || view === 'failed' ? <LocalCluster setup={s} lines={setup.lines} view={view} onRetry={retry} problem={problem} />
        : <p id="first-run-state" data-state={s.state} hidden>{s.state}</p>}
      {(view === 'register' || view === 'unavailable' || view === 'failed') && (place === 'clusters'
        ? <p>Or register a cluster you have with the form “Register a cluster” below: its kubeconfig file can be loaded there.</p>
        : <Register view={view} problem={problem} setProblem={setProblem} onRegistered={reload} />)}
      {view === 'create' && (place === 'clusters'
        ? <p>There is no service yet: <a href="/services" id="first-run-services">create a first service</a> with an appmap and an example server.</p>
        : <FirstService setup={s} clusters={clusters} problem={problem} setProblem={setProblem} />)}
    </section>
  );
}

const SAYS = {
  OFF: 'Not started by this runtime',
  NOT_NEEDED: 'Not needed',
  UNAVAILABLE: 'Cannot run here',
  STARTING: 'Coming up',
  READY: 'Ready',
  FAILED: 'Failed',
};
const TONE = { STARTING: 'busy', READY: 'good', FAILED: 'bad', UNAVAILABLE: 'bad' };

function LocalCluster({ setup, lines, view, onRetry, problem }) {
  const box = useRef(null);
  const stuck = useRef(true);
  // follow the end of the log unless the reader scrolled up in it
  useEffect(() => {
    if (box.current && stuck.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);
  const time = setup.startedAt ? elapsed(setup.startedAt, setup.state === 'STARTING' ? null : setup.endedAt) : '';
  return (
    <div class="local-cluster">
      <h3>The local Kubernetes cluster</h3>
      <p>
        <span id="first-run-state" data-state={setup.state} class={`badge ${TONE[setup.state] || 'unknown'}`}>{SAYS[setup.state] || setup.state}</span>
        {setup.state === 'READY' && setup.cluster ? <> registered as <strong>{setup.cluster}</strong></> : ''}
        {time && <span class="muted" id="first-run-elapsed"> · {setup.state === 'STARTING' ? `${time} so far` : `took ${time}`}</span>}
      </p>
      {setup.detail && <p id="first-run-detail">{setup.detail}</p>}
      {view === 'starting' && <p class="muted">It registers itself as a cluster when its node is ready; this page moves on then. You may leave it meanwhile.</p>}
      {(lines.length > 0 || setup.state === 'STARTING' || setup.state === 'FAILED') && (
        <Wrap folded={setup.state !== 'STARTING' && setup.state !== 'FAILED'}>
        <div id="first-run-lines" class="log first-run-log" ref={box} role="log" aria-live="polite" aria-label="Output of kube-local up, last lines" tabIndex={0}
          onScroll={(e) => { const b = e.currentTarget; stuck.current = b.scrollHeight - b.scrollTop - b.clientHeight < 24; }}>
          {lines.length === 0 ? <div class="line notice">No output yet.</div> : lines.map((l) => <div key={l.n} class="line">{l.text}</div>)}
        </div>
        </Wrap>
      )}
      {setup.state === 'FAILED' && (
        <>
          {problem && problem.where === 'retry' && <Problem error={problem.error} id="first-run-error" />}
          <div class="buttons"><button type="button" id="first-run-retry" class="primary" onClick={onRetry}>Try again</button></div>
        </>
      )}
    </div>
  );
}

/** Its output folded away once it is over and well: a click shows it again. */
function Wrap({ folded, children }) {
  return folded ? <details class="output"><summary>Output of kube-local up</summary>{children}</details> : children;
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result || ''));
    reader.onerror = () => reject(reader.error || new Error('The file cannot be read'));
    reader.readAsText(file);
  });
}

function Register({ view, problem, setProblem, onRegistered }) {
  const [busy, setBusy] = useState(false);
  const error = problem && problem.where === 'register' ? problem.error : null;
  const submit = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    const file = f.kubeconfig.files && f.kubeconfig.files[0];
    setProblem(null);
    setBusy(true);
    try {
      let kubeconfig;
      try {
        kubeconfig = await readFile(file);
      } catch (e) {
        throw { status: 400, title: 'Bad file', detail: `${file ? file.name : 'The file'} cannot be read: ${e.message}`, errors: [{ field: 'kubeconfig', message: 'cannot be read' }] };
      }
      await post('/clusters', { name: f.name.value.trim(), kubeconfig });
      onRegistered();
    } catch (e) {
      setProblem({ where: 'register', error: e });
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <div class="register">
      <h3>{view === 'failed' ? 'Or register a cluster you have' : 'Register a Kubernetes cluster'}</h3>
      {view !== 'failed' && (
        <p>
          Services run on a registered cluster. Upload the <strong>kubeconfig</strong> file kubectl uses for it (its current
          context is used; the platform stores it sealed and never shows it again). On a cluster with <code>kubeadm</code> it
          is <code>/etc/kubernetes/admin.conf</code>; <code>kubectl config view --raw --minify</code> writes the current one.
          Running <code>./run.sh</code> as root on Linux brings a local cluster up by itself instead.
        </p>
      )}
      <form id="kubeconfig-form" class="grid" onSubmit={submit} aria-label="Register a cluster from a kubeconfig file">
        <Field label="Cluster name" name="name" errors={errors} hint="Lower case letters, digits and '-'">
          {(p) => <input {...p} id="kubeconfig-name" defaultValue="local" required pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?" maxLength={63} />}
        </Field>
        <Field label="Kubeconfig file" name="kubeconfig" errors={errors}>
          {(p) => <input {...p} id="kubeconfig-file" type="file" required />}
        </Field>
        {error && <Problem error={error} id="first-run-error" fields={['name', 'kubeconfig']} />}
        <div class="buttons wide"><button type="submit" id="kubeconfig-register" class="primary" disabled={busy}>{busy ? 'Registering…' : 'Register the cluster'}</button></div>
      </form>
    </div>
  );
}

const MARK = { pending: '○', running: '…', done: '✓', failed: '✗' };
const STEP_SAYS = { pending: 'to do', running: 'in progress', done: 'done', failed: 'failed' };

function FirstService({ setup, clusters, problem, setProblem }) {
  const [values, setValues] = useState(() => ({
    service: FIRST_SERVICE.service, appmap: FIRST_SERVICE.appmap, server: FIRST_SERVICE.server, image: FIRST_SERVICE.image,
    cluster: firstCluster(setup, clusters), quota: { ...FIRST_SERVICE.quota }, allotment: { ...FIRST_SERVICE.allotment },
  }));
  const [progress, setProgress] = useState(null);
  const [busy, setBusy] = useState(false);
  const done = useRef(new Set());
  const failed = problem && problem.where === 'create' ? problem : null;
  const set = (key, value) => setValues((v) => ({ ...v, [key]: value }));
  const setIn = (group, key, value) => setValues((v) => ({ ...v, [group]: { ...v[group], [key]: value } }));
  const submit = async (event) => {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    const steps = firstServiceSteps(values);
    const result = await runSteps(steps, (step) => call(step.method, step.path, { body: step.body }), { done: done.current, report: setProgress });
    done.current = result.done;
    setBusy(false);
    if (result.ok) {
      navigate(`${href('services', values.service, 'appmaps', values.appmap, 'servers', values.server)}?rollout=1`);
      return;
    }
    setProblem({ where: 'create', step: result.failed, error: result.progress.find((p) => p.key === result.failed).error, progress: result.progress });
  };
  // field errors belong to the step that failed: the service's name, the appmap's name, the server's definition
  const errorsOf = (key) => (failed && failed.step === key ? failed.error.errors || [] : []);
  const cmd = exampleServer(values.server).containers[0].command;
  return (
    <form id="first-service-form" onSubmit={submit} aria-label="Create a first service">
      <p>
        A cluster is registered. Make a first service in one go: the service, an allotment of the cluster, an appmap (its
        namespace, with a quota) and an example web server answering <q>hello</q>. Change the names if you like.
      </p>
      <div class="grid">
        <Field label="Service" name="name" errors={errorsOf('service')} hint="Lower case letters, digits and '-'">
          {(p) => <input {...p} id="first-service-name" value={values.service} onInput={(e) => set('service', e.currentTarget.value.trim())} required pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?" maxLength={63} />}
        </Field>
        <Field label="Cluster" name="[0].cluster" errors={errorsOf('allotment')}>
          {(p) => <select {...p} id="first-cluster" value={values.cluster} onChange={(e) => set('cluster', e.currentTarget.value)} required>
            {clusters.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
          </select>}
        </Field>
        <Field label="Appmap" name="name" errors={errorsOf('appmap')} hint="Its namespace is service-appmap">
          {(p) => <input {...p} id="first-appmap-name" value={values.appmap} onInput={(e) => set('appmap', e.currentTarget.value.trim())} required pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?" maxLength={63} />}
        </Field>
        <Field label="Example server" name="name" errors={errorsOf('server')}>
          {(p) => <input {...p} id="first-server-name" value={values.server} onInput={(e) => set('server', e.currentTarget.value.trim())} required pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?" maxLength={63} />}
        </Field>
      </div>
      <details class="more" open={failed && failed.step !== 'service' && (failed.error.errors || []).length > 0 ? true : undefined}>
        <summary>Quota, allotment and the example server</summary>
        <fieldset class="grid">
          <legend>Quota of the appmap (what its namespace may use)</legend>
          {QUANTITIES.map(([key, label]) => (
            <Field key={key} label={`${label} quota`} name={`quota.${key}`} errors={errorsOf('appmap')}>
              {(p) => <input {...p} id={`first-quota-${key}`} value={values.quota[key]} onInput={(e) => setIn('quota', key, e.currentTarget.value)} type={key === 'pods' ? 'number' : 'text'} min="0" />}
            </Field>
          ))}
        </fieldset>
        <fieldset class="grid">
          <legend>Allotment (what all the service's appmaps on the cluster may use together)</legend>
          {QUANTITIES.map(([key, label]) => (
            <Field key={key} label={`${label} allotted`} name={`[0].${key}`} errors={errorsOf('allotment')}>
              {(p) => <input {...p} id={`first-allotment-${key}`} value={values.allotment[key]} onInput={(e) => setIn('allotment', key, e.currentTarget.value)} type={key === 'pods' ? 'number' : 'text'} min="0" />}
            </Field>
          ))}
        </fieldset>
        <div class="grid">
          <Field label="Image" name="containers[0].image" errors={errorsOf('server')} hint="Taken from the node (pull policy Never): the local cluster has it" wide>
            {(p) => <input {...p} id="first-server-image" value={values.image} onInput={(e) => set('image', e.currentTarget.value.trim())} required />}
          </Field>
        </div>
        <p class="muted">A Deployment of 1 replica running <code>{cmd.join(' ')}</code> on container port 8080, reached on its port <code>http</code> 80 inside the cluster.</p>
      </details>
      {progress && (
        <ol id="first-run-steps" class="steps" aria-label="Steps">
          {progress.map((p) => (
            <li key={p.key} id={`first-run-step-${p.key}`} data-test="first-run-step" data-step={p.key} data-state={p.state} data-done={p.state === 'done' ? 'true' : 'false'} class={`step ${p.state}`}>
              <span aria-hidden="true" class="mark">{MARK[p.state]}</span> {p.label}: <span class="step-state">{STEP_SAYS[p.state]}</span>
              {p.state === 'failed' && p.error && (
                <div id="first-run-error" class="problem" role="alert" data-test="problem" data-status={p.error.status}>
                  <p>{p.error.detail || p.error.message}</p>
                  {(p.error.errors || []).some((x) => !(p.error.detail || '').includes(x.message)) && (
                    <ul>{p.error.errors.map((x) => <li key={x.field + x.message}><code>{x.field}</code>: {x.message}</li>)}</ul>
                  )}
                  <p>{madeSoFar(progress)} Correct what it says and go on: what was made is not made again.</p>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <div role="status" class="sr-only">{busy && progress ? (progress.find((p) => p.state === 'running') || {}).label || '' : ''}</div>
      <div class="buttons"><button type="submit" id="first-service-create" class="primary" disabled={busy}>{busy ? 'Creating…' : failed ? 'Go on' : 'Create the first service'}</button></div>
    </form>
  );
}

const QUANTITIES = [['cpu', 'CPU'], ['memory', 'Memory'], ['pods', 'Pods'], ['storage', 'Storage']];
