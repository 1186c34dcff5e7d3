package io.cengjiyun.store.internal;

/** Names objects in messages the same way everywhere. */
final class What {
    private What() {
    }

    static String service(String name) {
        return "service '" + name + "'";
    }

    static String appMap(String service, String name) {
        return "appmap '" + name + "' of service '" + service + "'";
    }

    static String server(String service, String appmap, String name) {
        return "server '" + name + "' in appmap '" + appmap + "' of service '" + service + "'";
    }
}
