package io.tenet.controller.osgi;

import io.tenet.controller.metrics.ControllerMetrics;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /metrics} inside an OSGi container: the controller's Prometheus metrics, as standalone serves them. */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/metrics",
    "osgi.http.whiteboard.servlet.name=tenet-metrics"})
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient ControllerMetrics metrics;

    @Activate
    public MetricsServlet(@Reference ControllerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] out = metrics.scrape();
        resp.setStatus(200);
        resp.setContentType(ControllerMetrics.CONTENT_TYPE);
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }
}
