package io.cengjiyun.rest.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * While a bundle's resource is being undeployed, Jersey can fail a request on it with a bare 500
 * (osgitech 1.2.2 returns a null instance from its factory). That request did nothing, so the honest
 * answer is 503 with Retry-After. A 500 that {@link ProblemMapper} produced is a real error and passes.
 */
@Component(service = Filter.class)
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=ContextForRestWhiteboard*)")
@HttpWhiteboardFilterPattern("/*")
public class UndeployRaceFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        try {
            chain.doFilter(request, new RaceAwareResponse(request, response));
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted() || request.getAttribute(ProblemMapper.MAPPED_ERROR) != null) {
                throw e;
            }
            unavailable(response);
        }
    }

    static void unavailable(HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"https://cengjiyun.io/problems/unavailable\",\"title\":\"Service unavailable\","
                + "\"status\":503,\"detail\":\"This resource is being redeployed; retry in a second\"}");
    }

    private static final class RaceAwareResponse extends HttpServletResponseWrapper {
        private final HttpServletRequest request;

        RaceAwareResponse(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        private boolean unmapped500(int status) {
            return status == 500 && request.getAttribute(ProblemMapper.MAPPED_ERROR) == null;
        }

        @Override
        public void setStatus(int status) {
            if (unmapped500(status)) {
                super.setStatus(503);
                super.setHeader("Retry-After", "1");
            } else {
                super.setStatus(status);
            }
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (unmapped500(status)) {
                unavailable((HttpServletResponse) getResponse());
            } else {
                super.sendError(status, message);
            }
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }
    }
}
