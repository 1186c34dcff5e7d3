// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// Small pieces every page uses: loading data, showing a problem in plain words, labelled fields with their errors,
// a confirmation dialog (the native <dialog>: focus stays inside, Escape cancels), state badges.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorsFor, tone } from './format.js';

/** Loads with `load(signal)` whenever `keys` change; `reload()` again. {data, error, loading, reload, set}. */
export function useLoad(load, keys, { every } = {}) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    let timer;
    const run = (quiet) => {
      if (!quiet) setState((old) => ({ ...old, loading: true }));
      load(controller.signal).then(
        (data) => !controller.signal.aborted && setState({ data, error: null, loading: false }),
        (error) => !controller.signal.aborted && error.name !== 'AbortError'
          && setState((old) => ({ data: old.data, error, loading: false })),
      ).finally(() => {
        if (every && !controller.signal.aborted) timer = setTimeout(() => !document.hidden && run(true), every);
      });
    };
    run(false);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [...keys, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback((data) => setState((old) => ({ ...old, data })), []);
  return { ...state, reload, set };
}

/** A problem as the API said it: its detail, and any field errors not shown at their fields. */
export function Problem({ error, id, fields = [] }) {
  if (!error) return null;
  const shown = new Set(fields);
  const rest = (error.errors || []).filter((e) => {
    const field = e.field || '';
    return !shown.has(field) && ![...shown].some((f) => field.startsWith(`${f}.`) || field.startsWith(`${f}[`));
  });
  return (
    <div class="problem" role="alert" id={id} data-test="problem" data-status={error.status}>
      <p><strong>{error.status === 403 ? 'Not allowed: ' : error.status === 0 ? '' : `${error.title || 'Error'}: `}</strong>{error.detail || error.message}</p>
      {rest.length > 0 && (
        <ul>{rest.map((e) => <li key={e.field + e.message}><code>{e.field}</code>: {e.message}</li>)}</ul>
      )}
    </div>
  );
}

/** Loading or failed; the children once there is data. */
export function Loaded({ state, children, label = 'Loading…' }) {
  if (state.error && state.data === undefined) return <Problem error={state.error} />;
  if (state.data === undefined) return <p class="muted" role="status">{label}</p>;
  return (
    <>
      {state.error && <Problem error={state.error} />}
      {children(state.data)}
    </>
  );
}

let fieldIds = 0;
/** A labelled input with its hint and the API's errors for `name` (a field path such as containers[0].image). */
export function Field({ label, name, errors, hint, children, wide }) {
  const [id] = useState(() => `f${++fieldIds}`);
  const mine = errorsFor(errors, name);
  const described = [hint ? `${id}-hint` : null, mine.length ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
  // the control may name itself (a stable id for tests and links): the label points at the id it really has
  const control = children({ id, 'aria-describedby': described, 'aria-invalid': mine.length ? 'true' : undefined, name });
  return (
    <div class={`field${wide ? ' wide' : ''}${mine.length ? ' invalid' : ''}`}>
      <label for={(control && control.props && control.props.id) || id}>{label}</label>
      {control}
      {hint && <small id={`${id}-hint`} class="hint">{hint}</small>}
      {mine.length > 0 && (
        <small id={`${id}-err`} class="field-error" data-test={`error-${name}`}>
          {mine.map((e) => (e.field === name ? e.message : `${e.field}: ${e.message}`)).join('; ')}
        </small>
      )}
    </div>
  );
}

/** The state of a server as a badge; `data-state` for tests. */
export function State({ state }) {
  return <span class={`badge ${tone(state)}`} data-state={state}>{state || 'UNKNOWN'}</span>;
}

/**
 * A confirmation dialog: [element, ask]. ask({title, body, confirm, danger}) resolves true when confirmed. `body`
 * may be a function of (values, setValues) for a dialog with inputs (scale, delete options): then ask resolves the
 * values, or null when cancelled.
 */
export function useConfirm() {
  const dialog = useRef(null);
  const [ask, setAsk] = useState(null);
  const [values, setValues] = useState({});
  const open = useCallback((options) => new Promise((resolve) => {
    setValues(options.values || {});
    setAsk({ ...options, resolve });
  }), []);
  useEffect(() => {
    if (ask && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [ask]);
  const close = (result) => {
    if (dialog.current && dialog.current.open) dialog.current.close();
    const resolve = ask && ask.resolve;
    setAsk(null);
    if (resolve) resolve(result);
  };
  const withValues = ask && typeof ask.body === 'function';
  const element = ask && (
    <dialog ref={dialog} class="confirm" aria-labelledby="confirm-title" data-test="confirm"
      onCancel={(e) => { e.preventDefault(); close(withValues ? null : false); }}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); close(withValues ? values : true); }}>
        <h2 id="confirm-title">{ask.title}</h2>
        {withValues ? ask.body(values, setValues) : ask.body}
        <div class="buttons">
          <button type="button" id="confirm-cancel" onClick={() => close(withValues ? null : false)}>Cancel</button>
          <button type="submit" id="confirm-ok" class={ask.danger ? 'danger' : 'primary'} autofocus>{ask.confirm || 'Confirm'}</button>
        </div>
      </form>
    </dialog>
  );
  return [element, open];
}

/** A table that scrolls sideways on a narrow screen instead of overflowing the page. */
export function Table({ caption, children, id, test }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table id={id} data-test={test}>
        <caption class="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Crumbs({ items }) {
  return (
    <nav aria-label="Breadcrumb" class="crumbs">
      <ol>
        {items.map(([label, to], i) => (
          <li key={label}>{to && i < items.length - 1 ? <a href={to}>{label}</a> : <span aria-current="page">{label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

/** An appmap's quota from a form's fields quota-cpu, quota-memory, quota-storage (text) and quota-pods (a number). */
export function quotaOf(form) {
  const quota = {};
  for (const key of ['cpu', 'memory', 'storage']) if (form[`quota-${key}`].value.trim()) quota[key] = form[`quota-${key}`].value.trim();
  if (form['quota-pods'].value) quota.pods = Number(form['quota-pods'].value);
  return quota;
}
