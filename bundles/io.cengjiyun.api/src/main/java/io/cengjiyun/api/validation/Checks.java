/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.validation;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.IntOrString;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects {@link FieldError}s for one input. Each check names the field and says what a valid value
 * looks like, so the user can fix it without reading the code.
 */
public final class Checks {
    private static final Pattern DNS_LABEL = Pattern.compile(Rules.DNS_LABEL);
    private static final Pattern QUANTITY = Pattern.compile(Rules.QUANTITY);
    private static final Pattern PERCENT = Pattern.compile(Rules.PERCENT);
    private static final Pattern IANA_SVC_NAME = Pattern.compile(Rules.IANA_SVC_NAME);

    public static final int MAX_LABEL = Rules.MAX_LABEL;

    private final List<FieldError> errors;

    public Checks(List<FieldError> errors) {
        this.errors = errors;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** A required DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric. */
    public boolean dnsLabel(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            error(field, "is required: give a name of lower-case letters, digits and '-', e.g. 'web'");
            return false;
        }
        return optionalDnsLabel(field, value, maxLength);
    }

    public boolean optionalDnsLabel(String field, String value, int maxLength) {
        if (value == null) {
            return true;
        }
        if (value.length() > maxLength) {
            error(
                    field,
                    "'" + abbreviate(value) + "' is " + value.length() + " characters long; use at most " + maxLength);
            return false;
        }
        if (!DNS_LABEL.matcher(value).matches()) {
            error(
                    field,
                    "'" + abbreviate(value) + "' is not a DNS-1123 label: use lower-case letters, digits and '-',"
                            + " starting and ending with a letter or digit, e.g. 'my-app'");
            return false;
        }
        return true;
    }

    public void maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            error(field, "is " + value.length() + " characters long; use at most " + max);
        }
    }

    public boolean required(String field, Object value, String example) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            error(field, "is required, e.g. " + example);
            return false;
        }
        return true;
    }

    /** A Kubernetes resource quantity such as 100m, 0.5, 64Mi or 1Gi. */
    public void quantity(String field, String value) {
        if (value != null && !QUANTITY.matcher(value).matches()) {
            error(
                    field,
                    "'" + abbreviate(value) + "' is not a quantity: use a number with an optional suffix,"
                            + " e.g. 500m or 2 (cpu), 256Mi or 1Gi (memory, storage)");
        }
    }

    public void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            error(field, value + " is out of range: use " + min + " to " + max);
        }
    }

    public void port(String field, Integer value) {
        range(field, value, 1, Rules.MAX_PORT);
    }

    /** A count or a percentage, as in maxSurge and maxUnavailable. */
    public void countOrPercent(String field, IntOrString value) {
        if (value == null) {
            return;
        }
        if (value.isInt()) {
            range(field, value.intValue(), 0, Rules.MAX_SURGE);
        } else if (!PERCENT.matcher(value.strValue()).matches()) {
            error(
                    field,
                    "'" + abbreviate(value.strValue()) + "' is neither a count nor a percentage: use e.g. 1 or 25%");
        }
    }

    /** An IANA service name (port names): at most {@link Rules#MAX_PORT_NAME} characters, DNS-label characters. */
    public void portName(String field, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > Rules.MAX_PORT_NAME
                || !IANA_SVC_NAME.matcher(value).matches()) {
            error(
                    field,
                    "'" + abbreviate(value) + "' is not a port name: use at most " + Rules.MAX_PORT_NAME
                            + " lower-case letters, digits and '-', e.g. 'http'");
        }
    }

    public void oneOf(String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            error(field, "'" + abbreviate(value) + "' is not one of " + String.join(", ", allowed));
        }
    }

    static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 77) + "..." : value;
    }
}
