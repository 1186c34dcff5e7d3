/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mixed calls of issue 23's benchmark against one base URL (the Service of the replicas, or one pod's address):
 * run by benchmarks/replicas/run.sh with the source launcher (Java 17, java.net.http only).
 *
 * <pre>
 *   java ReplicasBenchmark.java seed  BASE TOKEN PREFIX SERVICES          creates PREFIX-1..N (once per run)
 *   java ReplicasBenchmark.java mixed BASE TOKEN PREFIX SERVICES CALLS CLIENTS
 * </pre>
 *
 * The mix (the store only: the replicas have no cluster registered, so no call waits for a cluster): 60% GET one
 * service (random of the seeded), 15% GET the list of services, 10% GET a service's members, 10% PUT of a service
 * with If-Match (each client its own share, so none gets a 412), 5% POST of a new service. Prints one line:
 * {@code calls=.. seconds=.. perSecond=.. p50ms=.. p99ms=.. unexpected=.. statuses=..}.
 */
public class ReplicasBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            throw new IllegalArgumentException("usage: seed|mixed BASE TOKEN PREFIX SERVICES [CALLS CLIENTS]");
        }
        String base = args[1];
        String token = args[2];
        String prefix = args[3];
        int services = positive("SERVICES", args[4]);
        switch (args[0]) {
            case "seed" -> seed(base, token, prefix, services);
            case "mixed" ->
                mixed(base, token, prefix, services, positive("CALLS", args[5]), positive("CLIENTS", args[6]));
            default -> throw new IllegalArgumentException("seed or mixed, not " + args[0]);
        }
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, not " + value);
        }
        return n;
    }

    private static void seed(String base, String token, String prefix, int services) throws Exception {
        for (int i = 1; i <= services; i++) {
            HttpResponse<String> r =
                    send(base, token, "POST", "/services", "{\"name\": \"" + prefix + "-" + i + "\"}", null);
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IllegalStateException("POST /services: " + r.statusCode() + " " + r.body());
            }
        }
        System.out.println("seeded=" + services);
    }

    enum Op {
        GET_ONE,
        LIST,
        MEMBERS,
        PUT,
        POST
    }

    private static void mixed(String base, String token, String prefix, int services, int calls, int clients)
            throws Exception {
        // Each client updates only its own share of the services, with the ETag it last saw.
        Map<String, String> etags = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        AtomicLong unexpected = new AtomicLong();
        Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<long[]> latencies = new ArrayList<>();
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            long[] mine = new long[calls];
            latencies.add(mine);
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int n = 0;
                int posts = 0;
                while (true) {
                    int call = done.getAndIncrement();
                    if (call >= calls) {
                        break;
                    }
                    int dice = random.nextInt(100);
                    Op op = dice < 60
                            ? Op.GET_ONE
                            : dice < 75 ? Op.LIST : dice < 85 ? Op.MEMBERS : dice < 95 ? Op.PUT : Op.POST;
                    String name = prefix + "-" + (1 + random.nextInt(services));
                    long t0 = System.nanoTime();
                    HttpResponse<String> r;
                    int expected;
                    try {
                        switch (op) {
                            case GET_ONE -> {
                                r = send(base, token, "GET", "/services/" + name, null, null);
                                expected = 200;
                            }
                            case LIST -> {
                                r = send(base, token, "GET", "/services", null, null);
                                expected = 200;
                            }
                            case MEMBERS -> {
                                r = send(base, token, "GET", "/services/" + name + "/members", null, null);
                                expected = 200;
                            }
                            case PUT -> {
                                // this client's share: services whose number is client (mod clients)
                                int k = 1 + client + clients * random.nextInt(Math.max(1, services / clients));
                                String own = prefix + "-" + Math.min(k, services);
                                String etag = etags.get(own);
                                if (etag == null) {
                                    HttpResponse<String> read =
                                            send(base, token, "GET", "/services/" + own, null, null);
                                    etag = read.headers().firstValue("ETag").orElse("\"1\"");
                                }
                                r = send(
                                        base,
                                        token,
                                        "PUT",
                                        "/services/" + own,
                                        "{\"name\": \"" + own + "\", \"displayName\": \"bench " + run + " " + n + "\"}",
                                        etag);
                                r.headers().firstValue("ETag").ifPresent(e -> etags.put(own, e));
                                expected = 200;
                            }
                            default -> {
                                r = send(
                                        base,
                                        token,
                                        "POST",
                                        "/services",
                                        "{\"name\": \"" + prefix + "-n" + run + "-" + client + "-" + posts++ + "\"}",
                                        null);
                                expected = 201;
                            }
                        }
                    } catch (Exception e) {
                        statuses.computeIfAbsent(op + " " + e.getClass().getSimpleName(), k -> new AtomicLong())
                                .incrementAndGet();
                        unexpected.incrementAndGet();
                        continue;
                    }
                    mine[n++] = System.nanoTime() - t0;
                    statuses.computeIfAbsent(op + " " + r.statusCode(), k -> new AtomicLong())
                            .incrementAndGet();
                    if (r.statusCode() != expected) {
                        unexpected.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        long took = System.nanoTime() - started;
        pool.shutdown();
        long[] all = latencies.stream()
                .flatMapToLong(Arrays::stream)
                .filter(v -> v > 0)
                .sorted()
                .toArray();
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k.replace(' ', ':'), v.get()));
        System.out.printf(
                "calls=%d seconds=%.2f perSecond=%.0f p50ms=%.2f p99ms=%.2f unexpected=%d statuses=%s%n",
                calls,
                took / 1e9,
                calls / (took / 1e9),
                all.length == 0 ? 0 : all[all.length / 2] / 1e6,
                all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6,
                unexpected.get(),
                byStatus.toString().replace(" ", ""));
    }

    private static HttpResponse<String> send(
            String base, String token, String method, String path, String json, String ifMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        b.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
