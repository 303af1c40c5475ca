package io.tenet.shim.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A list of controller addresses: the next is tried only when one cannot be reached; an answer is final. */
class ControllerClientTest {
    private final java.util.List<HttpServer> servers = new java.util.ArrayList<>();

    private String serve(int status) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        servers.add(s);
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private static String dead() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void anUnreachableControllerIsPassedOver() throws IOException {
        String live = serve(200);
        ControllerClient c = new ControllerClient(dead() + "," + live);
        assertEquals(200, c.get("/api/v1/tenants/").status());
        assertEquals(200, new ControllerClient(dead() + ", " + live + "/").get("/x").status());
        ControllerClient none = new ControllerClient(dead() + "," + dead());
        assertThrows(ControllerClient.UnreachableException.class, () -> none.get("/x"));
    }

    @Test
    void anAnswerIsFinalWhateverItsStatus() throws IOException {
        String failing = serve(503);
        String fine = serve(200);
        assertEquals(503, new ControllerClient(failing + "," + fine).get("/x").status(),
                "a controller that answered is not passed over: the request may have been served");
    }

    @Test
    void malformedAddressesAreRefused() {
        for (String bad : new String[] {"", "nope", "http://a:1,", "http://a:1,ftp://b", "http://a b:1"}) {
            assertThrows(IllegalArgumentException.class, () -> new ControllerClient(bad), bad);
        }
    }
}
