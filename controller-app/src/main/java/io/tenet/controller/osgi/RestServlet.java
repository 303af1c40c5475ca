package io.tenet.controller.osgi;

import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.TraceService;
import io.tenet.controller.metrics.ControllerMetrics;
import io.tenet.controller.rest.ApiResponse;
import io.tenet.controller.rest.EventStream;
import io.tenet.controller.rest.RestApi;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The REST API inside an OSGi container, registered with the HTTP Whiteboard at {@code /api/*}: the same
 * {@link RestApi} the standalone server runs, so the paths and answers are the same.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api/*",
    "osgi.http.whiteboard.servlet.name=tenet-rest"})
public final class RestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient RestApi api;
    private final transient java.util.Set<EventStream> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public RestServlet(@Reference ModelAdminService model, @Reference SwitchService switches,
            @Reference OperStatus status, @Reference EventLog events, @Reference TraceService tracer,
            @Reference ControllerMetrics metrics) {
        this.api = new RestApi(model, switches, status, events, tracer);
        api.observeStatuses(metrics::request);
    }

    /** Ends the event streams being served, so deactivating never waits on a browser. */
    @Deactivate
    void deactivate() {
        open.forEach(EventStream::close);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String query = req.getQueryString();
        EventStream stream = api.watch(req.getMethod(), req.getRequestURI() + (query == null ? "" : "?" + query));
        if (stream != null) {
            resp.setStatus(200);
            resp.setContentType(EventStream.CONTENT_TYPE);
            resp.setHeader("Cache-Control", "no-cache");
            resp.flushBuffer();
            open.add(stream);
            try {
                stream.run(resp.getOutputStream());
            } finally {
                open.remove(stream);
            }
            return;
        }
        ApiResponse r = api.handle(req.getMethod(), req.getRequestURI() + (query == null ? "" : "?" + query),
                req.getInputStream());
        byte[] out = api.render(r);
        resp.setStatus(r.status());
        resp.setContentType("application/json");
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }
}
