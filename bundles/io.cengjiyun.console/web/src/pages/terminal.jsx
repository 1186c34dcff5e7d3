// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// A server's shell: the platform's own web terminal page (/terminal/, bundle io.cengjiyun.terminal) in a frame.
// Framed rather than opened in a new tab: the frame shares this tab's sessionStorage, where the terminal finds the
// session's CSRF token for its ticket; a new tab would start without it and have to sign in again.
import { useEffect } from 'preact/hooks';
import { href } from '../router.js';
import { Crumbs } from '../ui.jsx';

export function TerminalPage({ params: [service, appmap, name], search }) {
  useEffect(() => { document.title = `Terminal of ${name} - Cengjiyun`; }, [name]);
  const target = { service, appmap, server: name };
  for (const key of ['pod', 'container']) if (search.get(key)) target[key] = search.get(key);
  const src = `/terminal/?${new URLSearchParams(target)}`;
  return (
    <>
      <Crumbs items={[['Services', '/services'], [service, href('services', service)], [appmap, href('services', service, 'appmaps', appmap)],
        [name, href('services', service, 'appmaps', appmap, 'servers', name)], ['Terminal']]} />
      <div class="title-row">
        <h1>Terminal of {name}</h1>
        <a class="button" href={src} target="_blank" rel="opener">Open in a new tab<span class="sr-only"> (you may have to sign in there again)</span></a>
      </div>
      <iframe id="terminal-frame" class="terminal" title={`Terminal of ${name}`} src={src} />
    </>
  );
}
