// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A server's CPU, memory, network and restarts over a chosen range (the API's metrics history), as uPlot charts.
// Its own chunk: uPlot is loaded when this page is first opened. Each chart has a text summary for screen readers.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, query, serverPath } from '../api.js';
import { measure } from '../format.js';
import { href } from '../router.js';
import { Crumbs, Loaded, useLoad } from '../ui.jsx';

const RANGES = [['-15m', '15 minutes'], ['-1h', '1 hour'], ['-6h', '6 hours'], ['-24h', '24 hours'], ['-7d', '7 days']];
const SERIES = [['cpu', 'CPU (cores; m = thousandths)'], ['memory', 'Memory (working set)'], ['rx', 'Network received'], ['tx', 'Network sent'], ['restarts', 'Restarts']];

export function MonitoringPage({ params: [service, appmap, name], search }) {
  const [range, setRange] = useState(search.get('from') || '-1h');
  const path = serverPath(service, appmap, name);
  const metrics = useLoad((signal) => get(`${path}/metrics${query({ from: range, series: SERIES.map(([s]) => s).join(',') })}`, { signal }), [path, range], { every: 60000 });
  useEffect(() => { document.title = `Monitoring of ${name} - Cengjiyun`; }, [name]);
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service, href('services', service)], [appmap, href('services', service, 'appmaps', appmap)],
        [name, href('services', service, 'appmaps', appmap, 'servers', name)], ['Monitoring']]} />
      <h1>Monitoring of {name}</h1>
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
            {SERIES.map(([key, label]) => (m.series && m.series[key]
              ? <Chart key={key} id={`chart-${key}`} label={label} times={m.times} values={m.series[key]} />
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
