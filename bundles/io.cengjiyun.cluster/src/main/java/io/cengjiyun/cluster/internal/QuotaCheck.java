/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.Quota;
import io.cengjiyun.cluster.Allotment;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The arithmetic of allotments: whether the quotas of a service's appmaps on a cluster fit in what the cluster is
 * allotted to the service, resource by resource. Every resource the allotment bounds must be bounded by each
 * appmap's quota too, otherwise one namespace could take the whole cluster; a resource it does not bound is free.
 */
final class QuotaCheck {
    /** One resource: its name, how an allotment and a quota give it, and whether it is a count. */
    private record Resource(String name, Function<Allotment, Object> allotted, Function<Quota, Object> asked) {}

    private static final List<Resource> RESOURCES = List.of(
            new Resource("cpu", Allotment::cpu, Quota::cpu),
            new Resource("memory", Allotment::memory, Quota::memory),
            new Resource("pods", Allotment::pods, Quota::pods),
            new Resource("storage", Allotment::storage, Quota::storage));
    private static final BigDecimal KI = BigDecimal.valueOf(1024);

    private QuotaCheck() {}

    /**
     * What is wrong with placing an appmap with quota {@code asked} beside {@code others} (the service's other
     * appmaps on the cluster, by name, in order) under {@code allotment}: one error per resource, as
     * {@code quota.<resource>}, with the numbers.
     */
    static List<FieldError> fits(String service, Quota asked, Allotment allotment, Map<String, Quota> others) {
        List<FieldError> errors = new ArrayList<>();
        String where = "the allotment of cluster '" + allotment.cluster() + "' to service '" + service + "'";
        for (Resource r : RESOURCES) {
            Object bound = r.allotted().apply(allotment);
            if (bound == null) {
                continue;
            }
            BigDecimal allotted = amount(r.name(), bound);
            BigDecimal reserved = BigDecimal.ZERO;
            List<String> holders = new ArrayList<>();
            for (Map.Entry<String, Quota> other : others.entrySet()) {
                Object value = other.getValue() == null ? null : r.asked().apply(other.getValue());
                if (value != null) {
                    BigDecimal amount = amount(r.name(), value);
                    if (amount.signum() > 0) {
                        reserved = reserved.add(amount);
                        holders.add(other.getKey() + " (" + format(r.name(), amount) + ")");
                    }
                }
            }
            BigDecimal left = allotted.subtract(reserved).max(BigDecimal.ZERO);
            String field = "quota." + r.name();
            Object value = asked == null ? null : r.asked().apply(asked);
            if (value == null) {
                errors.add(new FieldError(
                        field,
                        "is required: " + where + " bounds " + r.name() + " to "
                                + format(r.name(), allotted) + ", so every appmap on it says how much it takes ("
                                + format(r.name(), left) + " left" + reservedBy(holders) + ")"));
                continue;
            }
            BigDecimal wanted = amount(r.name(), value);
            if (wanted.compareTo(left) > 0) {
                errors.add(new FieldError(
                        field,
                        "asks " + format(r.name(), wanted) + ", more than the "
                                + format(r.name(), left) + " left of " + where + " (" + format(r.name(), allotted)
                                + " allotted"
                                + reservedBy(holders)
                                + "): ask for less, lower another appmap's quota, or have a platform"
                                + " administrator raise the allotment (PUT /api/v1/services/" + service
                                + "/allotments)"));
            }
        }
        return errors;
    }

    /**
     * What is wrong with a new allotment given the quotas of the appmaps the service already has on its cluster:
     * one error per resource it bounds below what they reserve, or bounds while some of them have no quota of it.
     * The fields are {@code <prefix>.<resource>}.
     */
    static List<FieldError> holds(String prefix, Allotment allotment, Map<String, Quota> appMaps) {
        List<FieldError> errors = new ArrayList<>();
        for (Resource r : RESOURCES) {
            Object bound = r.allotted().apply(allotment);
            if (bound == null || appMaps.isEmpty()) {
                continue;
            }
            BigDecimal reserved = BigDecimal.ZERO;
            List<String> holders = new ArrayList<>();
            List<String> unbounded = new ArrayList<>();
            for (Map.Entry<String, Quota> appMap : appMaps.entrySet()) {
                Object value = appMap.getValue() == null ? null : r.asked().apply(appMap.getValue());
                if (value == null) {
                    unbounded.add(appMap.getKey());
                } else {
                    BigDecimal amount = amount(r.name(), value);
                    reserved = reserved.add(amount);
                    holders.add(appMap.getKey() + " (" + format(r.name(), amount) + ")");
                }
            }
            String field = prefix + "." + r.name();
            BigDecimal allotted = amount(r.name(), bound);
            if (!unbounded.isEmpty()) {
                errors.add(new FieldError(
                        field,
                        "bounds " + r.name() + ", but the appmaps " + unbounded + " on cluster '" + allotment.cluster()
                                + "' have no " + r.name() + " quota: give them one first"));
            } else if (allotted.compareTo(reserved) < 0) {
                errors.add(new FieldError(
                        field,
                        "is " + format(r.name(), allotted) + ", less than the "
                                + format(r.name(), reserved) + " the appmaps on cluster '" + allotment.cluster()
                                + "' reserve"
                                + reservedBy(holders) + ": lower their quotas first"));
            }
        }
        return errors;
    }

    private static String reservedBy(List<String> holders) {
        return holders.isEmpty() ? ", none reserved by other appmaps" : ", reserved by " + String.join(", ", holders);
    }

    /** A quantity in base units (cores, bytes) or a count. */
    static BigDecimal amount(String resource, Object value) {
        if (value instanceof Integer count) {
            return BigDecimal.valueOf(count);
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(value.toString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(resource + " '" + value + "' is not a quantity", e);
        }
    }

    /** As people write it: cpu in cores or millicores, memory and storage in Gi, Mi, Ki or bytes. */
    static String format(String resource, BigDecimal amount) {
        if (resource.equals("pods")) {
            return amount.toBigInteger().toString();
        }
        if (resource.equals("cpu")) {
            BigDecimal whole = amount.stripTrailingZeros();
            if (whole.scale() <= 0) {
                return whole.toBigInteger().toString();
            }
            return amount.multiply(BigDecimal.valueOf(1000))
                            .stripTrailingZeros()
                            .toPlainString() + "m";
        }
        String[] units = {"Ki", "Mi", "Gi", "Ti"};
        BigDecimal divisor = KI.pow(units.length);
        for (int i = units.length - 1; i >= 0; i--, divisor = divisor.divide(KI)) {
            if (amount.signum() != 0 && amount.remainder(divisor).signum() == 0) {
                return amount.divide(divisor).toBigInteger() + units[i];
            }
        }
        return amount.stripTrailingZeros().toPlainString();
    }
}
