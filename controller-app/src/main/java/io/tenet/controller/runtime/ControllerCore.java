package io.tenet.controller.runtime;

import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.reconciler.ReconcilerService;
import io.tenet.controller.store.MvStore;
import io.tenet.controller.store.Store;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowListener;
import java.net.InetSocketAddress;

/**
 * The controller without its REST transport: store, model, OpenFlow listener and reconciler, started in that
 * order and closed in reverse. The standalone launcher and the OSGi component both run exactly this. A failure
 * while starting closes whatever had started, so nothing is left half-made.
 */
public final class ControllerCore implements AutoCloseable {
    private final Store store;
    private final ModelManager model;
    private final OpenFlowListener openFlow;
    private final ReconcilerService reconciler;

    public ControllerCore(ControllerSettings settings) throws InterruptedException {
        Store s = null;
        OpenFlowListener of = null;
        try {
            s = MvStore.open(settings.dataDir());
            ModelManager m = new ModelManager(s);
            of = OpenFlowListener.start(ChannelSettings.of(new InetSocketAddress(settings.bind(),
                    settings.openFlowPort())));
            reconciler = new ReconcilerService(m, of, settings.auditInterval());
            store = s;
            model = m;
            openFlow = of;
        } catch (InterruptedException | RuntimeException e) {
            if (of != null) {
                of.close();
            }
            if (s != null) {
                s.close();
            }
            throw e;
        }
    }

    public ModelAdminService model() {
        return model;
    }

    public SwitchService switches() {
        return reconciler;
    }

    public InetSocketAddress openFlowAddress() {
        return openFlow.localAddress();
    }

    @Override
    public void close() {
        reconciler.close();
        openFlow.close();
        store.close();
    }
}
