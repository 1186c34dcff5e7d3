/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * An example extension: copy its jar into deploy/ and GET /api/v1/hello, cj:hello and the server definition section
 * {@code hello: {greeting: ...}} (a ConfigMap {@code <server>-hello}) appear.
 */
package io.cengjiyun.example.hello;
