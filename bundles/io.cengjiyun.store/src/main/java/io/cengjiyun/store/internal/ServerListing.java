package io.cengjiyun.store.internal;

/**
 * The servers of an appmap as the JSON array the API serves, built from the stored definitions without
 * parsing them: a list of 1,000 servers would otherwise spend most of its time in Jackson, reading each
 * definition only to write it out again. Internal to this bundle; the store registers it beside
 * {@link io.cengjiyun.api.HierarchyStore}.
 */
public interface ServerListing {

    /** UTF-8 JSON, the same as {@code List<Server>} written by the API's mapper, sorted by name. */
    byte[] serversJson(String service, String appmap);
}
