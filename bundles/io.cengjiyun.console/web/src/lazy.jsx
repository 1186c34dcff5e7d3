// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

import { useEffect, useState } from 'preact/hooks';
import { Problem } from './ui.jsx';

/** A page loaded on first use (its own chunk): `load` resolves the component. */
export function lazy(load) {
  let loaded = null;
  return function Lazy(props) {
    const [Component, setComponent] = useState(() => loaded);
    const [error, setError] = useState(null);
    useEffect(() => {
      if (!Component) {
        load().then((c) => { loaded = c; setComponent(() => c); }, (e) => setError({ status: 0, detail: `The page could not be loaded: ${e.message}` }));
      }
    }, []);
    if (error) return <Problem error={error} />;
    return Component ? <Component {...props} /> : <p class="muted" role="status">Loading…</p>;
  };
}
