// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// The console's entry: the shell (sign-in, header, navigation, landmarks) and the page of the current route.
import { render } from 'preact';
import './style.css';
import { App } from './app.jsx';

render(<App />, document.getElementById('app'));
