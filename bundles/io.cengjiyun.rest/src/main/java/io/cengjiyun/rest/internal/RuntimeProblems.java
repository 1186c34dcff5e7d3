/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.rest.JsonMappers;
import io.cengjiyun.rest.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The problem documents of errors that no resource answers: what Jetty refuses before any servlet runs (a bad
 * URI, headers too large), what no servlet serves (404 outside the API), and what the servlet container answers
 * itself. They have the shape {@link ProblemMapper} gives the API's own errors.
 */
final class RuntimeProblems {

    /** The methods the runtime serves; the others are answered 501 (unknown) or 405 (TRACE, CONNECT). */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    static final String SERVED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS";

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeProblems.class);
    private static final ObjectMapper JSON = JsonMappers.json();
    private static final int MAX_ECHO = 120;

    private RuntimeProblems() {}

    /**
     * @param status the status the error is answered with
     * @param method the request's method
     * @param reason what Jetty or the servlet said, if anything (never a stack trace: only its first line is used)
     * @param path the request's path when it is sound (for {@code instance}), else null
     * @param headerLimit the most bytes of request line and headers the runtime accepts
     * @param cause the failure behind a 500, logged with the id the client is given
     */
    static Problem of(int status, String method, String reason, String path, int headerLimit, Throwable cause) {
        String title = title(status);
        if (reason != null && reason.equals(title)) {
            reason = null; // Jetty's reason is often the status's own phrase: nothing to add
        }
        String detail = switch (status) {
            case 400 ->
                reason != null && reason.contains("SNI")
                        ? "The host this request names is not one the runtime's certificate is for: call the"
                                + " runtime by a name or address in the certificate's subject alternative names"
                        : "The request could not be read"
                                + (reason == null || reason.isBlank() ? "" : " (" + echo(reason) + ")")
                                + ": check its URL (percent-encoded UTF-8, no NUL or other control character, no '..;'"
                                + " or encoded '/' in a segment) and its request line and headers";
            case 404 ->
                "No resource at this path: the API is under /api/v1, see /api/v1/openapi.json for its" + " paths";
            case 405 ->
                "The method " + echo(method) + " is not allowed here: see /api/v1/openapi.json for the"
                        + " methods of this path";
            case 408 -> "The request was not received in time: send it again";
            case 413 -> "The request is too large: send a smaller body";
            case 414 ->
                "The URI is too long: the runtime accepts at most " + headerLimit
                        + " bytes of request line and headers; shorten the URI";
            case 431 ->
                "The request's header fields are too large: the runtime accepts at most "
                        + headerLimit + " bytes of request line and headers together; send fewer or smaller"
                        + " headers (a large cookie or token?)";
            case 500 -> internal(cause);
            case 501 -> "The method " + echo(method) + " is not implemented: the runtime serves " + SERVED_METHODS;
            case 503 -> "The runtime is starting, stopping or redeploying this part: retry in a second";
            default -> title + (reason == null || reason.isBlank() ? "" : ": " + echo(reason));
        };
        Problem problem = Problem.of(status, ProblemMapper.kind(status), title, detail);
        return path == null ? problem : problem.withInstance(echo(path));
    }

    /** The problem as {@code application/problem+json} bytes. */
    static byte[] json(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem document cannot be written: " + e.getMessage(), e);
        }
    }

    /** Answers the request with the problem (a servlet, or a whiteboard preprocessor before any servlet). */
    static void send(HttpServletResponse response, Problem problem) throws IOException {
        byte[] body = json(problem);
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The reason phrase of a status, "Error" for one without. */
    static String title(int status) {
        String phrase = HttpStatus.getMessage(status);
        return phrase == null || phrase.equals(Integer.toString(status)) ? "Error" : phrase;
    }

    private static String internal(Throwable cause) {
        String id = UUID.randomUUID().toString();
        LOG.error("Unexpected error {}", id, cause);
        return "The server failed unexpectedly; the error is logged under id " + id + ". Report it with that id.";
    }

    /**
     * Text from the request, to quote back: printable ASCII only (a NUL or an escape sequence stays out of the
     * answer and of terminals showing it), first line, cut short.
     */
    static String echo(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX_ECHO; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                break;
            }
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.length() == MAX_ECHO && text.length() > MAX_ECHO ? out + "..." : out.toString();
    }
}
