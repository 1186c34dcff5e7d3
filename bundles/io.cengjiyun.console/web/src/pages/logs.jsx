// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A server's logs: every container merged (or one pod, one container), followed live through the API's
// Server-Sent Events; searched (the API reads the last lines from the cluster and answers the matches); downloaded
// as text. At most MAX lines stay on the page so that a chatty server does not slow the browser down.
import { useEffect, useRef, useState } from 'preact/hooks';
import { follow, get, query, serverPath } from '../api.js';
import { when } from '../format.js';
import { href } from '../router.js';
import { Crumbs, Field, Problem, Table, useLoad } from '../ui.jsx';

const MAX = 2000;

export function LogsPage({ params: [service, appmap, name], search }) {
  const path = serverPath(service, appmap, name);
  const objects = useLoad((signal) => get(`${path}/objects`, { signal }), [path]);
  const [pod, setPod] = useState(search.get('pod') || '');
  const [container, setContainer] = useState('');
  const [tail, setTail] = useState('100');
  const [following, setFollowing] = useState(true);
  const [lines, setLines] = useState([]);
  const [streamState, setStreamState] = useState('');
  const [error, setError] = useState(null);
  const box = useRef(null);
  const stick = useRef(true);
  useEffect(() => { document.title = `Logs of ${name} - Cengjiyun`; }, [name]);

  useEffect(() => {
    setLines([]);
    setError(null);
    if (!following) {
      setStreamState('paused');
      return undefined;
    }
    setStreamState('connecting');
    let pending = [];
    let timer = null;
    // lines arrive in bursts: render them at most every 100 ms
    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      setLines((old) => {
        const next = old.concat(batch);
        return next.length > MAX ? next.slice(next.length - MAX) : next;
      });
    };
    const add = (line) => {
      pending.push(line);
      if (!timer) timer = setTimeout(flush, 100);
    };
    const close = follow(`${path}/logs${query({ pod, container, tail, timeout: 3600 })}`, {
      open: () => setStreamState('following'),
      line: add,
      notice: (n) => add(typeof n === 'string' ? { notice: true, text: n } : { ...n, notice: true }),
      error: () => {
        setStreamState('ended');
        // the stream was refused or ended: ask once as JSON to say why
        get(`${path}/logs${query({ pod, container, tail: 1, format: 'json' })}`).catch(setError);
      },
    });
    return () => {
      close();
      clearTimeout(timer);
    };
  }, [path, pod, container, tail, following]);

  useEffect(() => {
    if (stick.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);

  const pods = (objects.data && objects.data.pods) || [];
  const containers = [...new Set(pods.flatMap((p) => (p.containers || []).map((c) => c.name)))];
  const download = async () => {
    setError(null);
    try {
      const text = await get(`${path}/logs${query({ pod, container, tail: 'all', timestamps: true })}`, { accept: 'text/plain' });
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${service}-${appmap}-${name}${pod ? `-${pod}` : ''}.log`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service, href('services', service)], [appmap, href('services', service, 'appmaps', appmap)],
        [name, href('services', service, 'appmaps', appmap, 'servers', name)], ['Logs']]} />
      <h1>Logs of {name}</h1>
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Which logs">
        <div class="field">
          <label for="logs-pod">Pod</label>
          <select id="logs-pod" value={pod} onChange={(e) => setPod(e.currentTarget.value)}>
            <option value="">every pod</option>
            {pods.map((p) => <option key={p.name}>{p.name}</option>)}
            {pod && !pods.some((p) => p.name === pod) && <option>{pod}</option>}
          </select>
        </div>
        <div class="field">
          <label for="logs-container">Container</label>
          <select id="logs-container" value={container} onChange={(e) => setContainer(e.currentTarget.value)}>
            <option value="">every container</option>
            {containers.map((c) => <option key={c}>{c}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="logs-tail">Last lines first</label>
          <select id="logs-tail" value={tail} onChange={(e) => setTail(e.currentTarget.value)}>
            {['20', '100', '1000', '5000'].map((n) => <option key={n}>{n}</option>)}
          </select>
        </div>
        <div class="buttons">
          <button type="button" id="logs-follow" aria-pressed={following ? 'true' : 'false'} onClick={() => setFollowing(!following)}>{following ? 'Pause' : 'Follow'}</button>
          <button type="button" id="logs-download" onClick={download}>Download</button>
        </div>
      </form>
      <p class="muted" role="status" id="logs-state" data-state={streamState}>{{ connecting: 'Connecting…', following: 'Following: new lines appear as they are written.', paused: 'Paused.', ended: 'The stream ended.' }[streamState]}</p>
      <Problem error={error} />
      <div class="log" ref={box} id="log-lines" data-test="log-lines" tabIndex={0} role="log" aria-label="Log lines" aria-live="off"
        onScroll={(e) => { const el = e.currentTarget; stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 20; }}>
        {lines.map((l, i) => <LogLine key={i} line={l} many={!pod} />)}
      </div>
      <Search path={path} pod={pod} container={container} />
    </>
  );
}

function LogLine({ line, many }) {
  return (
    <div class={line.notice ? 'line notice' : 'line'}>
      {many && line.pod && <span class="src">{line.pod.slice(-5)}/{line.container} </span>}
      {line.text}
    </div>
  );
}

function Search({ path, pod, container }) {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const f = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      setResult(await get(`${path}/logs/search${query({ q: f.q.value, regex: f.regex.checked || undefined, since: f.since.value || undefined, pod, container })}`));
    } catch (e) {
      setError(e);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  const errors = error ? error.errors : [];
  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">Search</h2>
      <form id="logs-search" class="toolbar" onSubmit={submit}>
        <Field label="Text" name="q" errors={errors}>{(p) => <input {...p} id="logs-q" required type="search" />}</Field>
        <Field label="Since" name="since" errors={errors} hint="e.g. 10m, 2h, 7d">{(p) => <input {...p} id="logs-since" />}</Field>
        <div class="check"><input id="logs-regex" name="regex" type="checkbox" /><label for="logs-regex">Regular expression</label></div>
        <div class="buttons"><button type="submit" id="logs-search-submit" disabled={busy}>Search</button></div>
      </form>
      <Problem error={error} fields={['q', 'since']} />
      {result && (
        <>
          <p role="status" id="logs-search-count">{result.matches} matching lines of {result.searched} searched{result.truncated ? ' (the newest shown)' : ''}.</p>
          {result.lines.length > 0 && (
            <Table caption="Matching lines" id="logs-search-results">
              <thead><tr><th scope="col">Time</th><th scope="col">Pod / container</th><th scope="col">Line</th></tr></thead>
              <tbody>{result.lines.map((l, i) => <tr key={i}><td>{when(l.time)}</td><td>{l.pod}/{l.container}</td><td class="code">{l.text}</td></tr>)}</tbody>
            </Table>
          )}
        </>
      )}
    </section>
  );
}
