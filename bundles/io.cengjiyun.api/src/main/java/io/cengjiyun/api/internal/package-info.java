/** The platform's implementation of the API's services; not exported. */
package io.cengjiyun.api.internal;
