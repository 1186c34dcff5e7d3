/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.api.CengjiyunException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Refuses request bodies over a limit (default 1 MiB; configuration {@code io.cengjiyun.rest},
 * {@code maxBodyBytes}) with 413, before anything reads them into memory: by the declared length at once,
 * and by counting while a body of unknown length is read.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = BodyLimit.PID)
@Designate(ocd = BodyLimit.Config.class)
@JakartarsExtension
@JakartarsName("cengjiyun.body-limit")
@PreMatching
@Priority(100)
public class BodyLimit implements ContainerRequestFilter {
    static final String PID = "io.cengjiyun.rest";
    static final long DEFAULT_MAX = 1024 * 1024;
    /**
     * A refused body is read and dropped up to this much before the 413 goes out: a client still sending when the
     * server answers and closes (HTTP/1.1 clients such as Java's) sees a broken connection instead of the answer.
     * Beyond it the connection is simply closed.
     */
    static final long DRAIN_MAX = 64L * 1024 * 1024;

    @ObjectClassDefinition(name = "Cengjiyun REST")
    public @interface Config {
        @AttributeDefinition(description = "The largest request body accepted, in bytes")
        long maxBodyBytes() default DEFAULT_MAX;
    }

    private final long max;

    @Activate
    public BodyLimit(Config config) {
        this(config.maxBodyBytes());
    }

    BodyLimit(long max) {
        if (max < 1) {
            throw new IllegalArgumentException(
                    "maxBodyBytes of configuration " + PID + " is " + max + ": give a positive size");
        }
        this.max = max;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        int declared = request.getLength();
        if (declared > max) {
            drain(request.getEntityStream());
            throw new BodyTooLarge(max);
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), max));
        }
    }

    static void drain(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n; total < DRAIN_MAX && (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        } catch (IOException e) {
            // the client went away: nothing left to answer
        }
    }

    /** 413: the body is larger than the limit. */
    static final class BodyTooLarge extends CengjiyunException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge(long max) {
            super("The request body is larger than the " + max + " bytes this API accepts: send less (a server"
                    + " definition is a few kilobytes), or raise maxBodyBytes of configuration " + PID);
        }

        @Override
        public int status() {
            return 413;
        }

        @Override
        public String title() {
            return "Request body too large";
        }
    }

    /** Counts what is read and stops one byte past the limit. */
    static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) {
            count += n;
            if (count > max) {
                drain(in);
                throw new BodyTooLarge(max);
            }
        }
    }
}
