package io.tenet.controller.osgi;

import io.tenet.controller.rest.ConsoleAssets;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/** The web console at {@code /ui/} inside an OSGi container: the same files the standalone server serves. */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/ui/*",
    "osgi.http.whiteboard.servlet.name=tenet-console"})
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient ConsoleAssets assets = new ConsoleAssets();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            resp.sendRedirect(ConsoleAssets.PATH);
            return;
        }
        ConsoleAssets.Asset a = assets.get(path.substring(1));
        if (a == null) {
            resp.sendError(404);
            return;
        }
        resp.setContentType(a.contentType());
        resp.setHeader("Content-Security-Policy", ConsoleAssets.SECURITY_POLICY);
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(a.body().length);
        resp.getOutputStream().write(a.body());
    }
}
