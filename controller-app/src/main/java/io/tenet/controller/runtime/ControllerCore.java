package io.tenet.controller.runtime;

import io.tenet.controller.api.ControllerContext;
import io.tenet.controller.api.ControllerModule;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.TraceService;
import io.tenet.controller.metrics.ControllerMetrics;
import io.tenet.controller.store.StoreProvider;
import io.tenet.openflow.api.OpenFlowServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller without its REST transport: a list of {@link ControllerModule modules} started in order (the
 * core ones of {@link CoreModules} first, then any others given) and closed in reverse. The standalone launcher
 * and the OSGi component both run exactly this. A failure while starting closes whatever had started, so nothing
 * is left half-made.
 */
public final class ControllerCore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControllerCore.class);
    private final List<ControllerModule> started = new ArrayList<>();
    private final Context context = new Context();

    /** The core modules alone. */
    public ControllerCore(ControllerSettings settings) throws Exception {
        this(settings, List.of());
    }

    /** The core modules on the embedded store, then {@code more}. */
    public ControllerCore(ControllerSettings settings, List<? extends ControllerModule> more) throws Exception {
        this(settings, List.of(), more);
    }

    /**
     * The core modules, then {@code more}, on the store the settings name: the embedded one, or one that a provider
     * in {@code stores} opens.
     */
    public ControllerCore(ControllerSettings settings, List<StoreProvider> stores,
            List<? extends ControllerModule> more) throws Exception {
        context.provide(OperStatus.class, new OperStatus());
        context.provide(EventLog.class, new EventLog());
        List<ControllerModule> all = new ArrayList<>(CoreModules.of(settings, stores));
        all.addAll(more);
        for (ControllerModule m : all) {
            try {
                m.start(context);
                started.add(m);
            } catch (Exception e) {
                m.close();
                close();
                throw e;
            }
        }
    }

    private static final class Context implements ControllerContext {
        private final Map<Class<?>, Object> services = new HashMap<>();

        @Override
        public synchronized <T> T require(Class<T> type) {
            return find(type).orElseThrow(() -> new IllegalStateException("no module provides " + type.getName()
                    + "; check the order of the controller's modules"));
        }

        @Override
        public synchronized <T> Optional<T> find(Class<T> type) {
            return Optional.ofNullable(type.cast(services.get(type)));
        }

        @Override
        public synchronized <T> void provide(Class<T> type, T service) {
            if (services.putIfAbsent(type, service) != null) {
                throw new IllegalStateException("two modules provide " + type.getName());
            }
        }
    }

    /** A service a module provided. */
    public <T> T service(Class<T> type) {
        return context.require(type);
    }

    public ModelAdminService model() {
        return service(ModelAdminService.class);
    }

    /** What the modules publish for the views. */
    public OperStatus status() {
        return service(OperStatus.class);
    }

    /** What changed and what went wrong. */
    public EventLog events() {
        return service(EventLog.class);
    }

    /** The Prometheus metrics, served at /metrics. */
    public ControllerMetrics metrics() {
        return service(CoreModules.Metrics.class).metrics();
    }

    /** Traces packets through the compiled flows of the switches. */
    public TraceService tracer() {
        return service(TraceService.class);
    }

    public SwitchService switches() {
        return service(SwitchService.class);
    }

    public InetSocketAddress openFlowAddress() {
        return service(OpenFlowServer.class).localAddress();
    }

    /** Closes the started modules, last first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            ControllerModule m = started.remove(i);
            try {
                m.close();
            } catch (RuntimeException e) {
                log.error("Module {} failed to stop cleanly: {}; the others are stopped anyway", m.name(), e.toString(),
                        e);
            }
        }
    }
}
