/** The hierarchy's Gogo commands (scope cj). Not exported. */
package io.cengjiyun.store.internal.shell;
