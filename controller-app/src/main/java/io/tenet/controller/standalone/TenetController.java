package io.tenet.controller.standalone;

import io.tenet.controller.api.ControllerModule;
import io.tenet.controller.rest.HttpApiServer;
import io.tenet.controller.metrics.ControllerMetrics;
import io.tenet.controller.rest.RestApi;
import io.tenet.controller.runtime.ControllerCore;
import io.tenet.controller.runtime.ControllerSettings;
import io.tenet.controller.store.StoreProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone controller: the {@link ControllerCore}, with every {@link ControllerModule} found on the class
 * path after the core's own, on the store the settings name (a {@link StoreProvider} on the class path opens any but
 * the embedded one), plus the REST API on the JDK's HTTP server.
 */
public final class TenetController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TenetController.class);
    private final ControllerCore core;
    private final HttpApiServer http;

    public TenetController(ControllerSettings settings, int apiPort) throws Exception {
        List<ControllerModule> modules = new ArrayList<>();
        ServiceLoader.load(ControllerModule.class).forEach(modules::add);
        List<StoreProvider> stores = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class).forEach(stores::add);
        core = new ControllerCore(settings, stores, modules);
        try {
            RestApi api = new RestApi(core.model(), core.switches(), core.status(), core.events(), core.tracer());
            api.observeStatuses(core.metrics()::request);
            http = new HttpApiServer(new InetSocketAddress(settings.bind(), apiPort), api, core.metrics()::scrape,
                    ControllerMetrics.CONTENT_TYPE);
        } catch (IOException | RuntimeException e) {
            core.close();
            throw e;
        }
        log.info("Tenet controller ready: REST http://{}:{}/api/v1/, OpenFlow tcp:{}:{}, store {}",
                settings.bind().getHostAddress(), http.address().getPort(), settings.bind().getHostAddress(),
                core.openFlowAddress().getPort(), settings.storeScheme().equals(ControllerSettings.STORE_EMBEDDED)
                        ? settings.dataDir() : settings.store());
    }

    @Override
    public void close() {
        http.close();
        core.close();
    }
}
