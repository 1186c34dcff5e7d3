/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds status, headers and body of one attempt in memory, so a request that raced a redeploy can be run
 * again without the client seeing the failed attempt. Nothing reaches the real response before
 * {@link #copyTo}.
 */
final class BufferedResponse extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private int status = 200;
    private String contentType;
    private PrintWriter writer;
    private ServletOutputStream stream;

    BufferedResponse(HttpServletResponse response) {
        super(response);
    }

    int status() {
        return status;
    }

    void copyTo(HttpServletResponse response) throws IOException {
        if (writer != null) {
            writer.flush();
        }
        response.setStatus(status);
        if (contentType != null) {
            response.setContentType(contentType);
        }
        headers.forEach((name, values) -> {
            for (int i = 0; i < values.size(); i++) {
                if (i == 0) {
                    response.setHeader(name, values.get(i));
                } else {
                    response.addHeader(name, values.get(i));
                }
            }
        });
        if (body.size() > 0) {
            response.setContentLength(body.size());
            body.writeTo(response.getOutputStream());
        }
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc, String msg) {
        status = sc;
    }

    @Override
    public void sendError(int sc) {
        status = sc;
    }

    @Override
    public void sendRedirect(String location) {
        status = 302;
        setHeader("Location", location);
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setHeader(String name, String value) {
        if ("Content-Type".equalsIgnoreCase(name)) {
            contentType = value;
        } else if (!"Content-Length".equalsIgnoreCase(name)) {
            headers.put(name, new ArrayList<>(List.of(value)));
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if ("Content-Type".equalsIgnoreCase(name)) {
            contentType = value;
        } else if (!"Content-Length".equalsIgnoreCase(name)) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(
                name,
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.Instant.ofEpochMilli(date).atZone(java.time.ZoneOffset.UTC)));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(
                name,
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.Instant.ofEpochMilli(date).atZone(java.time.ZoneOffset.UTC)));
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name) || ("Content-Type".equalsIgnoreCase(name) && contentType != null);
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public java.util.Collection<String> getHeaders(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public java.util.Collection<String> getHeaderNames() {
        return headers.keySet();
    }

    @Override
    public void setContentLength(int len) {
        // computed from the buffer in copyTo
    }

    @Override
    public void setContentLengthLong(long len) {
        // computed from the buffer in copyTo
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("buffered responses are written synchronously");
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
        }
        return writer;
    }

    @Override
    public void flushBuffer() {
        // held until copyTo
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void reset() {
        resetBuffer();
        headers.clear();
        status = 200;
        contentType = null;
    }

    @Override
    public void resetBuffer() {
        body.reset();
    }
}
