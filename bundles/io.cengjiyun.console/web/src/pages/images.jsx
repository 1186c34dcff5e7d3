// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A server's images (the registry bundle's API): per container, the image as written and as pulled, the digests its
// pods run, and the digest its tag names in its registry now; when a tag has moved, a developer rolls the newer images
// out in one call (a new revision pinned to those digests). On a platform without the registry bundle (404) the
// section is not shown.
import { useState } from 'preact/hooks';
import { get, post, seg } from '../api.js';
import { href } from '../router.js';
import { shortDigest } from '../format.js';
import { Loaded, Problem, Table, useLoad } from '../ui.jsx';

export function Images({ path, server, tick, changer, ask, onRolledOut }) {
  const images = useLoad((signal) => get(`${path}/images`, { signal }), [path, tick, server.version]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (images.error && images.error.status === 404 && images.data === undefined) return null;
  const update = async () => {
    const newer = images.data.containers.filter((c) => c.newer);
    const ok = await ask({
      title: `Roll out the newer images of ${server.name}?`,
      body: (
        <div>
          <p>Revision {server.version + 1} pins each of these containers to the digest its tag names now, and rolls it out:</p>
          <ul class="plain">{newer.map((c) => <li key={c.container}><code>{c.container}</code>: <code>{c.repository}:{c.tag}</code> to <code>{shortDigest(c.latest)}</code></li>)}</ul>
        </div>
      ),
      confirm: 'Roll out',
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await post(`${path}/images/update`, undefined, { ifMatch: server.version });
      images.set(answer);
      onRolledOut(answer);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="images-title" id="images">
      <div class="title-row">
        <h2 id="images-title">Images</h2>
        <div class="actions">
          <button type="button" id="images-check" onClick={images.reload} disabled={images.loading}>Check again</button>
          {changer && images.data && images.data.newer && <button type="button" id="images-update" class="primary" onClick={update} disabled={busy}>Roll out newer images</button>}
        </div>
      </div>
      <Problem error={error} id="images-error" />
      <Loaded state={images}>
        {(view) => (
          <>
            {view.newer && <p role="status" class="card attention" id="images-newer">A newer image is available: its tag names another digest in the registry than the one the pods run.</p>}
            <Table caption="The images of the server's containers" id="images-table" test="images">
              <thead><tr><th scope="col">Container</th><th scope="col">Image</th><th scope="col">Pods run</th><th scope="col">Registry has</th><th scope="col">State</th></tr></thead>
              <tbody>
                {view.containers.map((c) => (
                  <tr key={c.container} data-container={c.container} data-newer={String(c.newer)}>
                    <th scope="row">{c.container}{c.init ? <span class="muted"> (init)</span> : ''}</th>
                    <td><code title={c.reference}>{c.image}</code>{c.registry ? <span class="muted"> from {c.registry}</span> : ''}</td>
                    <td>{(c.running || []).length === 0 ? <span class="muted">nothing yet</span> : c.running.map((d) => <code key={d} title={d}>{shortDigest(d)} </code>)}</td>
                    <td>{c.latest ? <code title={c.latest}>{shortDigest(c.latest)}</code> : <span class="muted">{c.message || 'not known'}</span>}</td>
                    <td>{c.newer ? <span class="badge busy">newer available</span> : c.latest ? <span class="badge good">current</span> : ''}{c.pinned ? <span class="muted"> pinned</span> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </Loaded>
    </section>
  );
}

/** The appmap's servers a newer image is available for (on demand: it asks each image's registry once). */
export function AppMapImages({ service, appmap }) {
  const [tick, setTick] = useState(0);
  const base = seg('services', service, 'appmaps', appmap);
  const newer = useLoad((signal) => (tick === 0 ? Promise.resolve(null) : get(`${base}/images?newer=true`, { signal })), [base, tick]);
  if (newer.error && newer.error.status === 404 && newer.data === undefined) return null;
  return (
    <section aria-labelledby="appmap-images-title" id="appmap-images">
      <div class="title-row">
        <h2 id="appmap-images-title">Newer images</h2>
        <div class="actions">
          <button type="button" id="appmap-images-check" onClick={() => setTick((n) => n + 1)} disabled={newer.loading}>{tick === 0 ? 'Check the registries' : 'Check again'}</button>
        </div>
      </div>
      <Loaded state={newer} label="Asking the registries…">
        {(list) => {
          if (list === null) return <p class="muted">Not checked yet: “Check the registries” asks, for each server's image, which digest its tag names now.</p>;
          if (list.length === 0) return <p data-test="appmap-images-none">Every server runs the digest its tag names now.</p>;
          return (
            <Table caption="Servers a newer image is available for" id="appmap-images-table" test="appmap-images">
              <thead><tr><th scope="col">Server</th><th scope="col">Containers with a newer image</th></tr></thead>
              <tbody>
                {list.map((v) => (
                  <tr key={v.server} data-server={v.server}>
                    <th scope="row"><a href={href('services', service, 'appmaps', appmap, 'servers', v.server)}>{v.server}</a></th>
                    <td>{v.containers.filter((c) => c.newer).map((c) => `${c.container}: ${c.repository}:${c.tag} → ${shortDigest(c.latest)}`).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          );
        }}
      </Loaded>
    </section>
  );
}
