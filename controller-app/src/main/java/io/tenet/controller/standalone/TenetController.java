package io.tenet.controller.standalone;

import io.tenet.controller.model.ModelManager;
import io.tenet.controller.reconciler.ReconcilerService;
import io.tenet.controller.rest.HttpApiServer;
import io.tenet.controller.rest.RestApi;
import io.tenet.controller.store.MvStore;
import io.tenet.controller.store.Store;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All of the controller in one process, wired by hand with the same constructors the OSGi components use:
 * store, model, OpenFlow listener, reconciler and REST server. Closing stops them in reverse order.
 */
public final class TenetController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TenetController.class);
    private final Store store;
    private final ModelManager model;
    private final OpenFlowListener openFlow;
    private final ReconcilerService reconciler;
    private final HttpApiServer http;

    public TenetController(ControllerSettings settings) throws IOException, InterruptedException {
        store = MvStore.open(settings.dataDir());
        OpenFlowListener of = null;
        ReconcilerService rec = null;
        try {
            model = new ModelManager(store);
            of = OpenFlowListener.start(ChannelSettings.of(new InetSocketAddress(settings.bind(),
                    settings.openFlowPort())));
            rec = new ReconcilerService(model, of, settings.auditInterval());
            ReconcilerService recRef = rec;
            http = new HttpApiServer(new InetSocketAddress(settings.bind(), settings.apiPort()),
                    new RestApi(model, () -> recRef));
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (rec != null) {
                rec.close();
            }
            if (of != null) {
                of.close();
            }
            store.close();
            throw e;
        }
        openFlow = of;
        reconciler = rec;
        log.info("Tenet controller ready: REST http://{}:{}/api/v1/, OpenFlow tcp:{}:{}, data in {}",
                settings.bind().getHostAddress(), http.address().getPort(), settings.bind().getHostAddress(),
                openFlow.localAddress().getPort(), settings.dataDir());
    }

    public ModelManager model() {
        return model;
    }

    public ReconcilerService reconciler() {
        return reconciler;
    }

    public InetSocketAddress apiAddress() {
        return http.address();
    }

    public InetSocketAddress openFlowAddress() {
        return openFlow.localAddress();
    }

    @Override
    public void close() {
        http.close();
        reconciler.close();
        openFlow.close();
        store.close();
    }
}
