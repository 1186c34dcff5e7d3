// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A server's, an appmap's, a service's or a node's CPU, memory, network and more over a chosen range (the API's
// metrics history), as uPlot charts, and the same as CSV.
// Its own chunk: uPlot is loaded when this page is first opened. Each chart has a text summary for screen readers.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { BASE, get, query, seg, serverPath } from '../api.js';
import { measure } from '../format.js';
import { href } from '../router.js';
import { Crumbs, Loaded, useLoad } from '../ui.jsx';

const RANGES = [['-15m', '15 minutes'], ['-1h', '1 hour'], ['-6h', '6 hours'], ['-24h', '24 hours'], ['-7d', '7 days']];
const LABELS = {
  cpu: 'CPU (cores; m = thousandths)',
  memory: 'Memory (working set)',
  rx: 'Network received',
  tx: 'Network sent',
  restarts: 'Restarts',
  ephemeral: 'Ephemeral storage',
  pods: 'Pods',
  cpuCapacity: 'Allocatable CPU (cores)',
  memoryCapacity: 'Allocatable memory',
};

/**
 * What a monitoring page charts, by its route: a server, an appmap or a service (their pods summed), or a node of a
 * cluster. {path (the API's, without /metrics), series, title, crumbs, back (the console page it belongs to)}.
 */
function scopeOf(route, params) {
  if (route === 'nodeMonitoring') {
    const [cluster, node] = params;
    return {
      path: seg('clusters', cluster, 'nodes', node),
      series: ['cpu', 'cpuCapacity', 'memory', 'memoryCapacity', 'rx', 'tx', 'ephemeral', 'pods'],
      title: `node ${node}`,
      crumbs: [['Clusters', '/clusters'], [cluster, href('clusters', cluster)], [node], ['Monitoring']],
    };
  }
  const [service, appmap, name] = params;
  const series = ['cpu', 'memory', 'rx', 'tx', 'restarts'];
  if (route === 'serviceMonitoring') {
    return { path: seg('services', service), series: [...series, 'pods'], title: `service ${service}`, crumbs: [['Services', '/services'], [service, href('services', service)], ['Monitoring']] };
  }
  const appmapCrumbs = [['Services', '/services'], [service, href('services', service)], [appmap, href('services', service, 'appmaps', appmap)]];
  if (route === 'appmapMonitoring') {
    return { path: seg('services', service, 'appmaps', appmap), series: [...series, 'pods'], title: `appmap ${appmap}`, crumbs: [...appmapCrumbs, ['Monitoring']] };
  }
  return { path: serverPath(service, appmap, name), series, title: name, crumbs: [...appmapCrumbs, [name, href('services', service, 'appmaps', appmap, 'servers', name)], ['Monitoring']] };
}

export function MonitoringPage({ params, search, route }) {
  const [range, setRange] = useState(search.get('from') || '-1h');
  const scope = scopeOf(route, params);
  const metrics = useLoad((signal) => get(`${scope.path}/metrics${query({ from: range, series: scope.series.join(',') })}`, { signal }), [scope.path, range], { every: 60000 });
  useEffect(() => { document.title = `Monitoring of ${scope.title} - Cengjiyun`; }, [scope.path]);
  return (
    <>
      <Crumbs items={scope.crumbs} />
      <div class="title-row">
        <h1>Monitoring of {scope.title}</h1>
        <div class="actions"><a class="button" id="metrics-csv" download href={`${BASE}${scope.path}/metrics${query({ from: range, series: scope.series.join(','), format: 'csv' })}`}>Download CSV</a></div>
      </div>
      <fieldset class="ranges" id="time-range">
        <legend>Time range</legend>
        {RANGES.map(([value, label]) => (
          <label key={value} class={range === value ? 'chosen' : ''}>
            <input type="radio" name="range" value={value} checked={range === value} onChange={() => setRange(value)} /> {label}
          </label>
        ))}
      </fieldset>
      <Loaded state={metrics}>
        {(m) => (
          <div class="charts">
            {scope.series.map((key) => (m.series && m.series[key]
              ? <Chart key={key} id={`chart-${key}`} label={LABELS[key] || key} times={m.times} values={m.series[key]} />
              : null))}
            {(!m.times || m.times.length === 0) && <p>Nothing was measured in this range yet.</p>}
          </div>
        )}
      </Loaded>
    </>
  );
}

function Chart({ id, label, times, values }) {
  const box = useRef(null);
  const avg = values.avg || [];
  const max = values.max || [];
  const known = avg.filter((v) => v !== null && v !== undefined);
  const summary = known.length
    ? `${label}: latest ${measure(known[known.length - 1], values.unit)}, highest ${measure(Math.max(...max.filter((v) => v !== null)), values.unit)}`
    : `${label}: nothing measured`;
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const xs = times.map((t) => new Date(t).getTime() / 1000);
    const format = (u, v) => (v === null || v === undefined ? '' : measure(v, values.unit));
    const plot = new uPlot({
      width: Math.max(280, element.clientWidth),
      height: 180,
      series: [
        {},
        { label: 'average', stroke: '#1f5fbf', width: 2, value: format },
        { label: 'maximum', stroke: '#c26b00', width: 1, dash: [4, 4], value: format },
      ],
      axes: [{}, { values: (u, ticks) => ticks.map((v) => measure(v, values.unit)), size: 70 }],
      scales: { x: { time: true } },
    }, [xs, avg, max], element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, element.clientWidth), height: 180 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, values]);
  return (
    <figure class="chart" id={id}>
      <figcaption>{label}</figcaption>
      <div ref={box} role="img" aria-label={summary} />
      <p class="sr-only">{summary}</p>
    </figure>
  );
}
