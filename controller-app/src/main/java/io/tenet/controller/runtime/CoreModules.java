package io.tenet.controller.runtime;

import io.tenet.controller.api.ControllerContext;
import io.tenet.controller.api.ControllerModule;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.TraceService;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.metrics.ControllerMetrics;
import io.tenet.controller.reconciler.ReconcilerService;
import io.tenet.controller.trace.PacketTracer;
import io.tenet.controller.runtime.ControllerSettings.InvalidSettingException;
import io.tenet.controller.store.Mastership;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.StoreProvider;
import io.tenet.controller.store.embedded.MvStore;
import io.tenet.openflow.OpenFlow;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowController;
import io.tenet.openflow.api.OpenFlowServer;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The modules every controller runs, in their order: store, model, mastership, OpenFlow server, metrics,
 * reconciler, events, and the node timeout.
 */
final class CoreModules {
    private CoreModules() {
    }

    static List<ControllerModule> of(ControllerSettings settings, List<StoreProvider> stores) {
        return List.of(
                new ServiceModule<>("store", ModelStore.class, c -> openStore(settings, stores)),
                new ServiceModule<>("model", ModelManager.class, c -> {
                    ModelManager m = new ModelManager(c.require(ModelStore.class));
                    c.provide(ModelService.class, m);
                    c.provide(ModelAdminService.class, m);
                    return m;
                }),
                new ServiceModule<>("mastership", Mastership.class,
                        c -> c.require(ModelStore.class).mastership(settings.mastershipTtl())),
                new ServiceModule<>("openflow", OpenFlowServer.class, c -> {
                    OpenFlowServer server = OpenFlow.listen(ChannelSettings.of(new InetSocketAddress(settings.bind(),
                            settings.openFlowPort())));
                    c.provide(OpenFlowController.class, server);
                    return server;
                }),
                new ServiceModule<>("metrics", Metrics.class, c -> new Metrics(new ControllerMetrics(
                        c.require(ModelService.class), () -> c.require(SwitchService.class),
                        c.require(EventLog.class)))),
                new ServiceModule<>("reconciler", ReconcilerService.class, c -> {
                    ReconcilerService r = new ReconcilerService(c.require(ModelService.class),
                            c.require(OpenFlowController.class), settings.auditInterval(),
                            c.require(Metrics.class).metrics(), c.require(Mastership.class));
                    c.provide(SwitchService.class, r);
                    c.provide(TraceService.class, new PacketTracer(c.require(ModelService.class), r::compiled));
                    return r;
                }),
                new ServiceModule<>("events", EventRecorder.class, c -> new EventRecorder(
                        c.require(ModelService.class), c.require(SwitchService.class), c.require(EventLog.class),
                        EventRecorder.POLL)),
                new ServiceModule<>("node-timeout", NodeReaper.class, c -> Sweeper.started(new NodeReaper(
                        c.require(ModelAdminService.class), c.require(SwitchService.class), c.require(EventLog.class),
                        settings.nodeTimeout(), System::nanoTime))),
                new ServiceModule<>("port-timeout", PortSweeper.class, c -> Sweeper.started(new PortSweeper(
                        c.require(ModelAdminService.class), c.require(SwitchService.class), c.require(EventLog.class),
                        settings.portTimeout(), System::nanoTime))));
    }

    /**
     * The store the settings name: the embedded one in the data directory, or the one the provider of the setting's
     * scheme opens; a scheme no provider serves, or a target its provider rejects, is an invalid {@code store}.
     */
    static ModelStore openStore(ControllerSettings settings, List<StoreProvider> stores) {
        String scheme = settings.storeScheme();
        if (scheme.equals(ControllerSettings.STORE_EMBEDDED)) {
            return MvStore.open(settings.dataDir());
        }
        StoreProvider provider = stores.stream().filter(p -> p.scheme().equals(scheme)).findFirst()
                .orElseThrow(() -> new InvalidSettingException("store", "names the store '" + scheme
                        + "', which is not installed (standalone: lib/tenet-store-" + scheme + ".jar; Karaf:"
                        + " feature:install tenet-store-" + scheme + ")"));
        try {
            return provider.open(settings.storeTarget());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("store", "'" + settings.store() + "' is not usable: " + e.getMessage());
        }
    }

    /** The metrics as a module's service: nothing to close, the registry goes with the controller. */
    record Metrics(ControllerMetrics metrics) implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    /** A module that makes one closeable service, provides it under its type, and closes it when stopped. */
    private static final class ServiceModule<T extends AutoCloseable> implements ControllerModule {
        interface Factory<T> {
            T make(ControllerContext context) throws Exception;
        }

        private final String name;
        private final Class<T> type;
        private final Factory<T> factory;
        private T service;

        ServiceModule(String name, Class<T> type, Factory<T> factory) {
            this.name = name;
            this.type = type;
            this.factory = factory;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(ControllerContext context) throws Exception {
            service = factory.make(context);
            context.provide(type, service);
        }

        @Override
        public void close() {
            if (service != null) {
                try {
                    service.close();
                } catch (Exception e) {
                    throw new IllegalStateException(name + " did not close: " + e, e);
                }
                service = null;
            }
        }
    }
}
