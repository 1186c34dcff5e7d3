// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// Creating or changing a server: a form for the common fields (the rest of the definition is kept as it is), or the
// whole definition in an editor as YAML or JSON. The API checks it: a 422's errors are shown at their fields in the
// form, and listed with their field paths above the editor. Before saving a change, "Review changes" shows what
// differs from the stored revision (npm diff, line by line).
import { diffLines } from 'diff';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, post, put, query, seg, serverPath } from '../api.js';
import { canChange, line, roleIn, toYaml, words } from '../format.js';
import { href, navigate } from '../router.js';
import { Crumbs, Field, Loaded, Problem, useLoad } from '../ui.jsx';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
const PULL = ['', 'IfNotPresent', 'Always', 'Never'];
const EXPOSURES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** A new server's definition: one container, one replica. */
function blank() {
  return { name: '', kind: 'Deployment', replicas: 1, containers: [{ name: 'main', image: '' }] };
}

export function ServerEditPage({ user, params: [service, appmap, name], route }) {
  const creating = route === 'newServer';
  const stored = useLoad((signal) => (creating ? Promise.resolve(null) : get(serverPath(service, appmap, name), { signal })), [service, appmap, name]);
  useEffect(() => { document.title = `${creating ? 'New server' : `Edit ${name}`} - ${appmap} - Cengjiyun`; }, [creating, name]);
  const back = creating ? href('services', service, 'appmaps', appmap) : href('services', service, 'appmaps', appmap, 'servers', name);
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service, href('services', service)], [appmap, href('services', service, 'appmaps', appmap)],
        ...(creating ? [['New server']] : [[name, back], ['Edit']])]} />
      <h1>{creating ? 'New server' : `Edit server ${name}`}</h1>
      {!canChange(roleIn(user, service)) && <p class="warn">Your role in {service} does not allow changing servers: the platform will refuse the change.</p>}
      <Loaded state={stored}>
        {(server) => <Editor service={service} appmap={appmap} server={server} back={back} />}
      </Loaded>
    </>
  );
}

function Editor({ service, appmap, server, back }) {
  const original = useMemo(() => (server ? server.definition : blank()), [server]);
  const [definition, setDefinition] = useState(() => structuredClone(original));
  const [mode, setMode] = useState('form'); // form | yaml | json
  const [text, setText] = useState('');
  const [dirtyText, setDirtyText] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [review, setReview] = useState(null);
  const errors = error ? error.errors : [];

  const switchTo = (next) => {
    if (next === mode) return;
    setReview(null);
    if (mode !== 'form') {
      // leaving the editor: JSON is read back into the form; YAML cannot be read here (the API reads it)
      if (mode === 'json') {
        try {
          setDefinition(JSON.parse(text));
        } catch (e) {
          setError({ status: 0, title: 'Not JSON', detail: `The editor's text is not JSON (${e.message}): fix it or leave it as it is.`, errors: [] });
          return;
        }
      } else if (dirtyText && !window.confirm('The form cannot read YAML: your edits in the YAML editor are lost. Go on?')) {
        return;
      }
    }
    if (next !== 'form') {
      const source = mode === 'json' && next === 'yaml' ? safeParse(text, definition) : definition;
      setText(next === 'yaml' ? `${toYaml(source)}\n` : `${JSON.stringify(source, null, 2)}\n`);
      setDirtyText(false);
    }
    setMode(next);
  };

  const body = () => {
    if (mode === 'yaml') return { content: text, type: 'application/yaml' };
    if (mode === 'json') return { content: text, type: 'application/json' };
    return { content: JSON.stringify(clean(definition)), type: 'application/json' };
  };

  const showReview = () => {
    const before = mode === 'json' ? `${JSON.stringify(original, null, 2)}\n` : `${toYaml(original)}\n`;
    const after = mode === 'form' ? `${toYaml(clean(definition))}\n` : mode === 'json' ? text : text;
    setReview(diffLines(before, after));
  };

  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { content, type } = body();
    try {
      const base = seg('services', service, 'appmaps', appmap, 'servers');
      const why = query({ message: message.trim() });
      const saved = server
        ? await put(serverPath(service, appmap, server.name) + why, content, { type, ifMatch: server.version })
        : await post(base + why, content, { type });
      navigate(`${href('services', service, 'appmaps', appmap, 'servers', saved.name)}?rollout=1`);
    } catch (e) {
      setError(e);
      // the form's fields carry their errors; a message for the page's top is read out by the alert
    } finally {
      setBusy(false);
    }
  };

  const formFields = FIELD_PATHS;
  return (
    <form id="server-form" onSubmit={save} aria-label={server ? `Edit server ${server.name}` : 'New server'}>
      <div role="tablist" aria-label="Edit as" class="tabs">
        {[['form', 'Form'], ['yaml', 'YAML'], ['json', 'JSON']].map(([key, label]) => (
          <button key={key} type="button" role="tab" id={`mode-${key}`} aria-selected={mode === key ? 'true' : 'false'} onClick={() => switchTo(key)}>{label}</button>
        ))}
      </div>
      <Problem error={error} id="server-form-error" fields={mode === 'form' ? formFields : []} />
      {mode === 'form'
        ? <DefinitionForm definition={definition} onChange={setDefinition} errors={errors} creating={!server} />
        : (
          <div class="field wide">
            <label for="definition-text">The server's definition as {mode.toUpperCase()}</label>
            <textarea id="definition-text" class="code" rows={Math.min(40, Math.max(14, text.split('\n').length + 2))} spellcheck={false}
              value={text} onInput={(e) => { setText(e.currentTarget.value); setDirtyText(true); }}
              aria-describedby={errors.length ? 'server-form-error' : undefined} aria-invalid={errors.length ? 'true' : undefined} />
          </div>
        )}
      <div class="field wide">
        <label for="revision-message">Why (kept with the revision)</label>
        <input id="revision-message" value={message} onInput={(e) => setMessage(e.currentTarget.value)} placeholder="e.g. new image for the spring sale" />
      </div>
      {review && (
        <div class="card">
          <h2>Changes from revision {server ? server.version : 0}</h2>
          <pre class="diff" id="review-diff" data-test="review-diff" tabIndex={0}>
            {review.map((part, i) => (
              <span key={i} class={part.added ? 'add' : part.removed ? 'del' : ''}>
                {part.value.replace(/\n$/, '').split('\n').map((l) => `${part.added ? '+' : part.removed ? '-' : ' '} ${l}`).join('\n')}{'\n'}
              </span>
            ))}
          </pre>
        </div>
      )}
      <div class="buttons">
        <a class="button" href={back}>Cancel</a>
        {server && <button type="button" id="server-review" onClick={showReview}>Review changes</button>}
        <button type="submit" id="server-save" class="primary" disabled={busy}>{busy ? 'Saving…' : server ? 'Save and roll out' : 'Create server'}</button>
      </div>
    </form>
  );
}

function safeParse(text, fallback) {
  try { return JSON.parse(text); } catch { return fallback; }
}

/** The definition without the form's empty leftovers (an empty env list, a blank limit). */
function clean(definition) {
  return JSON.parse(JSON.stringify(definition, (key, value) => {
    if (value === '' || (Array.isArray(value) && value.length === 0 && ['env', 'command', 'args', 'ports'].includes(key))) return undefined;
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0 && ['requests', 'limits', 'resources'].includes(key)) return undefined;
    return value;
  }));
}

/** The field paths the form shows errors at; others are listed at the top. */
const FIELD_PATHS = ['name', 'kind', 'replicas', 'schedule', 'containers[0].name', 'containers[0].image', 'containers[0].imagePullPolicy',
  'containers[0].command', 'containers[0].args', 'containers[0].env', 'containers[0].ports',
  'containers[0].resources.requests.cpu', 'containers[0].resources.requests.memory', 'containers[0].resources.limits.cpu',
  'containers[0].resources.limits.memory', 'ports[0].port', 'ports[0].exposure'];

function DefinitionForm({ definition, onChange, errors, creating }) {
  const container = (definition.containers && definition.containers[0]) || { name: 'main', image: '' };
  const set = (changes) => onChange({ ...definition, ...changes });
  const setContainer = (changes) => onChange({ ...definition, containers: [{ ...container, ...changes }, ...(definition.containers || []).slice(1)] });
  const resources = container.resources || {};
  const setResource = (group, key, value) => setContainer({ resources: { ...resources, [group]: { ...(resources[group] || {}), [key]: value || undefined } } });
  const env = (container.env || []).filter((e) => e.value !== undefined).map((e) => `${e.name}=${e.value}`).join('\n');
  const otherEnv = (container.env || []).filter((e) => e.value === undefined);
  const port = (container.ports || [])[0];
  const servicePort = (definition.ports || [])[0];
  const kind = definition.kind;
  return (
    <div class="grid" id="definition-form">
      <Field label="Name" name="name" errors={errors} hint={creating ? 'Lower case letters, digits and -; it cannot change later' : 'A server cannot be renamed'}>
        {(p) => <input {...p} id="server-name" value={definition.name || ''} required readOnly={!creating} onInput={(e) => set({ name: e.currentTarget.value })} />}
      </Field>
      <Field label="Kind" name="kind" errors={errors}>
        {(p) => <select {...p} id="server-kind" value={kind} disabled={!creating} onChange={(e) => set({ kind: e.currentTarget.value })}>{KINDS.map((k) => <option key={k}>{k}</option>)}</select>}
      </Field>
      {(kind === 'Deployment' || kind === 'StatefulSet') && (
        <Field label="Replicas" name="replicas" errors={errors}>
          {(p) => <input {...p} id="server-replicas" type="number" min="0" max="1000" value={definition.replicas ?? ''} onInput={(e) => set({ replicas: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) })} />}
        </Field>
      )}
      {kind === 'CronJob' && (
        <Field label="Schedule" name="schedule" errors={errors} hint="cron syntax, e.g. */5 * * * *">
          {(p) => <input {...p} id="server-schedule" value={definition.schedule || ''} onInput={(e) => set({ schedule: e.currentTarget.value })} />}
        </Field>
      )}
      <fieldset class="grid wide">
        <legend>Container{(definition.containers || []).length > 1 ? ` 1 of ${definition.containers.length} (edit the others in YAML)` : ''}</legend>
        <Field label="Container name" name="containers[0].name" errors={errors}>
          {(p) => <input {...p} id="container-name" value={container.name || ''} required onInput={(e) => setContainer({ name: e.currentTarget.value })} />}
        </Field>
        <Field label="Image" name="containers[0].image" errors={errors} hint="e.g. registry.example/shop/web:1.4">
          {(p) => <input {...p} id="container-image" value={container.image || ''} required onInput={(e) => setContainer({ image: e.currentTarget.value })} />}
        </Field>
        <Field label="Image pull policy" name="containers[0].imagePullPolicy" errors={errors}>
          {(p) => <select {...p} id="container-pull" value={container.imagePullPolicy || ''} onChange={(e) => setContainer({ imagePullPolicy: e.currentTarget.value || undefined })}>
            {PULL.map((v) => <option key={v} value={v}>{v || 'the cluster\'s default'}</option>)}
          </select>}
        </Field>
        <Field label="Command" name="containers[0].command" errors={errors} hint={'Words as a shell splits them, e.g. sh -c "exec httpd -f"'} wide>
          {(p) => <input {...p} id="container-command" class="code" value={line(container.command)} onChange={(e) => setContainer({ command: words(e.currentTarget.value) })} />}
        </Field>
        <Field label="Arguments" name="containers[0].args" errors={errors} wide>
          {(p) => <input {...p} id="container-args" class="code" value={line(container.args)} onChange={(e) => setContainer({ args: words(e.currentTarget.value) })} />}
        </Field>
        <Field label="Environment" name="containers[0].env" errors={errors} hint={`One NAME=value a line${otherEnv.length ? `; ${otherEnv.length} from secrets or config maps are kept (edit them in YAML)` : ''}`} wide>
          {(p) => <textarea {...p} id="container-env" class="code" rows={3} value={env} onChange={(e) => setContainer({
            env: [...e.currentTarget.value.split('\n').filter((l) => l.trim()).map((l) => {
              const at = l.indexOf('=');
              return at < 0 ? { name: l.trim(), value: '' } : { name: l.slice(0, at).trim(), value: l.slice(at + 1) };
            }), ...otherEnv],
          })} />}
        </Field>
        <Field label="Container port" name="containers[0].ports" errors={errors} hint="The port the program listens on">
          {(p) => <input {...p} id="container-port" type="number" min="1" max="65535" value={port ? port.containerPort : ''}
            onInput={(e) => setContainer({ ports: e.currentTarget.value ? [{ ...(port || { name: 'http' }), containerPort: Number(e.currentTarget.value) }] : [] })} />}
        </Field>
        {[['requests', 'cpu', 'CPU request', 'e.g. 100m'], ['requests', 'memory', 'Memory request', 'e.g. 64Mi'], ['limits', 'cpu', 'CPU limit', ''], ['limits', 'memory', 'Memory limit', '']].map(([group, key, label, hint]) => (
          <Field key={group + key} label={label} name={`containers[0].resources.${group}.${key}`} errors={errors} hint={hint || undefined}>
            {(p) => <input {...p} id={`container-${group}-${key}`} value={(resources[group] || {})[key] || ''} onInput={(e) => setResource(group, key, e.currentTarget.value)} />}
          </Field>
        ))}
      </fieldset>
      <fieldset class="grid wide">
        <legend>Service port</legend>
        <Field label="Port" name="ports[0].port" errors={errors} hint="Where other servers reach it; empty: none">
          {(p) => <input {...p} id="port-port" type="number" min="1" max="65535" value={servicePort ? servicePort.port : ''}
            onInput={(e) => set({ ports: e.currentTarget.value ? [{ name: 'http', ...(servicePort || {}), port: Number(e.currentTarget.value), targetPort: (servicePort && servicePort.targetPort) || (port && port.containerPort) || undefined }, ...(definition.ports || []).slice(1)] : (definition.ports || []).slice(1) })} />}
        </Field>
        <Field label="Exposure" name="ports[0].exposure" errors={errors}>
          {(p) => <select {...p} id="port-exposure" value={(servicePort && servicePort.exposure) || 'ClusterIP'} disabled={!servicePort}
            onChange={(e) => set({ ports: [{ ...servicePort, exposure: e.currentTarget.value }, ...(definition.ports || []).slice(1)] })}>
            {EXPOSURES.map((x) => <option key={x}>{x}</option>)}
          </select>}
        </Field>
      </fieldset>
    </div>
  );
}
