/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * This machine's address as an API server would dial it. Endpoints refuse loopback (127.0.0.0/8), and an API server
 * on this same machine is often reached at 127.0.0.1, so a loopback answer is never used: the route to the API
 * server's advertised address comes next, then the first address of an interface that is up.
 */
final class LocalAddress {
    private LocalAddress() {}

    /** The source address the kernel picks to reach the host (no packet is sent: a UDP connect only routes). */
    static Optional<InetAddress> towards(String host, int port) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port <= 0 ? 443 : port));
            return usable(socket.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The first of the candidates that an Endpoints object accepts. */
    static Optional<InetAddress> firstUsable(List<InetAddress> candidates) {
        return candidates.stream().flatMap(a -> usable(a).stream()).findFirst();
    }

    static Optional<InetAddress> usable(InetAddress address) {
        return address == null
                        || address.isLoopbackAddress()
                        || address.isAnyLocalAddress()
                        || address.isLinkLocalAddress()
                        || address.isMulticastAddress()
                ? Optional.empty()
                : Optional.of(address);
    }

    /** Every address of the interfaces that are up, not loopback, IPv4 first. */
    static List<InetAddress> interfaces() {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (usable(a).isPresent()) {
                        (a instanceof Inet4Address ? v4 : v6).add(a);
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException("Cannot list this machine's network interfaces", e);
        }
        v4.addAll(v6);
        return v4;
    }
}
