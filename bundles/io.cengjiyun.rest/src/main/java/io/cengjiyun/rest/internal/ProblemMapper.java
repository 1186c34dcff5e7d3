/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.cengjiyun.api.CengjiyunException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.TooManyRequestsException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.rest.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every error of every resource into an RFC 9457 problem. The client never sees a stack trace:
 * an unexpected error is logged with an id, and the id is what the client gets.
 */
@Component(service = ExceptionMapper.class)
@JakartarsExtension
@JakartarsName("cengjiyun.problems")
public class ProblemMapper implements ExceptionMapper<Throwable> {
    /** Set on the request when this mapper answered 500 itself, so {@link RedeployRetryFilter} leaves it be. */
    static final String MAPPED_ERROR = "io.cengjiyun.rest.mappedError";
    /** Set on the request when it failed because the JAX-RS runtime was reloading (see {@link RedeployRetryFilter}). */
    static final String REDEPLOYING = "io.cengjiyun.rest.redeploying";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable error) {
        Problem problem = isRedeployRace(error)
                ? Problem.of(
                        503,
                        "unavailable",
                        "Service unavailable",
                        "This part of the API is being redeployed; retry in a second")
                : toProblem(error);
        if (request != null) {
            if (problem.status() == 503 && isRedeployRace(error)) {
                request.setAttribute(REDEPLOYING, Boolean.TRUE);
            }
            problem = problem.withInstance(request.getRequestURI());
            if (problem.status() >= 500) {
                request.setAttribute(MAPPED_ERROR, Boolean.TRUE);
            }
        }
        Response.ResponseBuilder builder =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 503) {
            builder.header("Retry-After", "1");
        }
        CengjiyunException platformError = platformError(error);
        if (platformError instanceof TooManyRequestsException tooMany) {
            builder.header("Retry-After", Long.toString(tooMany.retryAfterSeconds()));
        }
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"cengjiyun\"");
        }
        if (error instanceof WebApplicationException wae) {
            wae.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
        }
        return builder.build();
    }

    /**
     * osgitech 1.2.2's resource factory yields no instance for a resource whose service is going away; Jersey
     * then fails to find the resource method on it. No resource code ran.
     */
    static boolean isRedeployRace(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoSuchMethodException) {
                return true;
            }
        }
        return false;
    }

    /** The platform's own error behind a wrapper (Jersey wraps what a body reader throws), if any. */
    static CengjiyunException platformError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CengjiyunException ce) {
                return ce;
            }
        }
        return null;
    }

    static Problem toProblem(Throwable thrown) {
        CengjiyunException platformError = platformError(thrown);
        Throwable error = platformError != null ? platformError : thrown;
        if (error instanceof ValidationException ve) {
            return Problem.of(
                            422,
                            "invalid",
                            ve.title(),
                            "The input has " + ve.errors().size()
                                    + (ve.errors().size() == 1 ? " invalid field" : " invalid fields") + ": "
                                    + ve.getMessage())
                    .withErrors(ve.errors());
        }
        if (error instanceof CengjiyunException ce) {
            return Problem.of(ce.status(), kind(ce.status()), ce.title(), ce.getMessage());
        }
        if (error instanceof JsonProcessingException jpe) {
            return malformed(jpe);
        }
        if (error instanceof WebApplicationException wae) {
            int status = wae.getResponse().getStatus();
            if (wae.getCause() instanceof JsonProcessingException jpe) {
                return malformed(jpe);
            }
            return Problem.of(
                    status,
                    kind(status),
                    Response.Status.fromStatusCode(status) == null
                            ? "Error"
                            : Response.Status.fromStatusCode(status).getReasonPhrase(),
                    explain(status, wae));
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Unexpected error {}", id, error);
        return Problem.of(
                500,
                "internal",
                "Internal error",
                "The server failed unexpectedly; the error is logged under id " + id + ". Report it with that id.");
    }

    private static Problem malformed(JsonProcessingException error) {
        String field = error instanceof JsonMappingException jme ? path(jme.getPath()) : "";
        String message;
        if (error instanceof UnrecognizedPropertyException upe) {
            field = field.isEmpty() ? upe.getPropertyName() : field;
            message = "is not a known field: remove it or check its spelling"
                    + (upe.getKnownPropertyIds() == null
                            ? ""
                            : "; known fields: "
                                    + upe.getKnownPropertyIds().stream()
                                            .map(Object::toString)
                                            .sorted()
                                            .collect(Collectors.joining(", ")));
        } else if (error instanceof InvalidFormatException ife) {
            message = "'" + ife.getValue() + "' is not a valid " + simpleType(ife.getTargetType());
        } else if (error instanceof MismatchedInputException mie) {
            message = "has the wrong type: expected " + simpleType(mie.getTargetType());
        } else {
            message = error.getOriginalMessage();
        }
        String location = error.getLocation() == null
                ? ""
                : " (line " + error.getLocation().getLineNr() + ", column "
                        + error.getLocation().getColumnNr() + ")";
        String detail = field.isEmpty()
                ? "The body could not be read" + location + ": " + message
                : "The body could not be read" + location + ": field '" + field + "' " + message;
        Problem problem = Problem.of(400, "malformed", "Malformed request body", detail);
        return field.isEmpty() ? problem : problem.withErrors(List.of(new FieldError(field, message)));
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (type.isEnum()) {
            return "value: use one of " + List.of(type.getEnumConstants());
        }
        if (List.class.isAssignableFrom(type)) {
            return "list";
        }
        return "object";
    }

    private static String explain(int status, WebApplicationException wae) {
        return switch (status) {
            case 404 -> "No resource at this path: see /api/v1/openapi.json for the API's paths";
            case 405 -> "This method is not allowed here: see /api/v1/openapi.json for the methods of this path";
            case 406 -> "None of the accepted media types can be produced: accept application/json";
            case 415 ->
                "This media type is not accepted: send application/json (or application/yaml for server definitions)";
            default -> wae.getMessage();
        };
    }

    static String kind(int status) {
        return switch (status) {
            case 400 -> "malformed";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 412 -> "stale-version";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "invalid";
            case 408 -> "timeout";
            case 414 -> "uri-too-long";
            case 429 -> "too-many-requests";
            case 431 -> "headers-too-large";
            case 500 -> "internal";
            case 501 -> "not-implemented";
            case 503 -> "unavailable";
            default -> "error-" + status;
        };
    }
}
