/** An example extension: copy its jar into deploy/ and GET /api/v1/hello and cj:hello appear. */
package io.cengjiyun.example.hello;
