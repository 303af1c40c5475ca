package io.tenet.controller.osgi;

import io.tenet.controller.rest.ConsoleAssets;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * Tenet's tab in the Karaf (Apache Felix) web console, when the {@code webconsole} feature is installed: a plain
 * servlet service carrying the console's label and title, whose content the web console wraps in its own page.
 * The tab frames Tenet's console at {@code /ui/}; without the web console this service is simply unused.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=tenet",
    "felix.webconsole.title=Tenet",
    "felix.webconsole.category=Networking"})
public final class WebConsoleTab extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html; charset=utf-8");
        resp.getWriter().write("<iframe id=\"tenet-console\" src=\"" + ConsoleAssets.PATH + "\" title=\"Tenet\""
                + " style=\"width:100%;height:80vh;border:0\"></iframe>");
    }
}
