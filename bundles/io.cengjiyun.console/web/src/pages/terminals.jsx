// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A service's terminal sessions as audited (for its administrators): open ones first, each with who, where and how
// much; an open one can be ended; an ended one's transcript, when kept, read in the page or saved as an asciicast
// file. And whether the service keeps transcripts at all.
import { useState } from 'preact/hooks';
import { BASE, del, get, put, query, seg } from '../api.js';
import { bytes, castText, when } from '../format.js';
import { Loaded, Problem, Table, useConfirm, useLoad } from '../ui.jsx';

export function TerminalSessions({ service }) {
  const base = seg('services', service, 'terminal');
  const [openOnly, setOpenOnly] = useState(false);
  const sessions = useLoad((signal) => get(`${base}/sessions${query({ open: openOnly || undefined, limit: 100 })}`, { signal }), [base, openOnly], { every: 15000 });
  const [error, setError] = useState(null);
  const [shown, setShown] = useState(null);
  const [confirm, ask] = useConfirm();
  // members who are not its administrators are refused the list (403): the section is not theirs
  if (sessions.error && sessions.error.status === 403) return null;
  const end = async (s) => {
    const ok = await ask({ title: `End ${s.user}'s terminal in ${s.server}?`, body: <p>The shell in <code>{s.pod}/{s.container}</code> is ended at once; the session is recorded as ended by you.</p>, confirm: 'End the session', danger: true });
    if (!ok) return;
    setError(null);
    try {
      await del(`${base}/sessions/${encodeURIComponent(s.id)}`);
      sessions.reload();
    } catch (e) {
      setError(e);
    }
  };
  const show = async (s) => {
    setError(null);
    try {
      const cast = await get(`${base}/sessions/${encodeURIComponent(s.id)}/transcript`, { accept: 'application/x-asciicast' });
      setShown({ id: s.id, title: `${s.user} in ${s.server} (${s.pod}/${s.container}), ${when(s.started)}`, text: castText(cast) });
    } catch (e) {
      setError(e);
    }
  };
  const list = sessions.data || [];
  const sorted = [...list].sort((a, b) => Number(Boolean(a.ended)) - Number(Boolean(b.ended)));
  return (
    <section aria-labelledby="terminal-sessions-title" id="terminal-sessions">
      <div class="title-row">
        <h2 id="terminal-sessions-title">Terminal sessions</h2>
        <div class="check"><input id="terminal-open-only" type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.currentTarget.checked)} /><label for="terminal-open-only">Open ones only</label></div>
      </div>
      <TerminalSettings base={base} />
      {confirm}
      <Problem error={error} />
      <Loaded state={sessions}>
        {() => sorted.length === 0 ? <p>No terminal session{openOnly ? ' is open' : ' yet'}.</p> : (
          <Table caption="Terminal sessions, open ones first" id="terminal-sessions-table" test="terminal-sessions">
            <thead><tr><th scope="col">Who</th><th scope="col">Where</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Typed / shown</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {sorted.map((s) => (
                <tr key={s.id} data-session={s.id} data-open={s.ended ? 'false' : 'true'}>
                  <th scope="row">{s.user}<br /><small class="muted">from {s.address}</small></th>
                  <td>{s.appmap} / {s.server}<br /><small class="muted">{s.pod} / {s.container} ({s.shell})</small></td>
                  <td>{when(s.started)}</td>
                  <td>{s.ended ? <>{when(s.ended)}<br /><small class="muted">{s.endReason}</small></> : <strong>open</strong>}</td>
                  <td>{bytes(s.bytesIn)} / {bytes(s.bytesOut)}</td>
                  <td class="row-actions">
                    {!s.ended && <button type="button" class="danger" id={`terminal-end-${s.id}`} onClick={() => end(s)}>End<span class="sr-only"> {s.user}'s session</span></button>}
                    {s.ended && s.transcript && <button type="button" id={`terminal-show-${s.id}`} onClick={() => show(s)}>Transcript<span class="sr-only"> of {s.user}'s session</span></button>}
                    {s.ended && s.transcript && <a class="button" download href={`${BASE}${base}/sessions/${encodeURIComponent(s.id)}/transcript`}>Save<span class="sr-only"> {s.user}'s transcript</span></a>}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Loaded>
      {shown && (
        <div class="card">
          <div class="title-row"><h3>Transcript: {shown.title}</h3><button type="button" onClick={() => setShown(null)}>Close</button></div>
          <pre class="transcript" id="terminal-transcript" tabIndex={0} aria-label="What the terminal showed">{shown.text}</pre>
        </div>
      )}
    </section>
  );
}

function TerminalSettings({ base }) {
  const settings = useLoad((signal) => get(`${base}/settings`, { signal }), [base]);
  const [error, setError] = useState(null);
  const change = async (record) => {
    setError(null);
    try {
      settings.set(await put(`${base}/settings`, { recordTranscripts: record }));
    } catch (e) {
      setError(e);
    }
  };
  if (!settings.data) return <Problem error={settings.error} />;
  return (
    <>
      <div class="check">
        <input id="terminal-record" type="checkbox" checked={settings.data.recordTranscripts} onChange={(e) => change(e.currentTarget.checked)} />
        <label for="terminal-record">Keep a transcript of every new terminal session (what its terminal showed)</label>
      </div>
      <Problem error={error} />
    </>
  );
}
