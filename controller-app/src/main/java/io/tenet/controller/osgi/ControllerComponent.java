package io.tenet.controller.osgi;

import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.api.TraceService;
import io.tenet.controller.metrics.ControllerMetrics;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.runtime.ControllerCore;
import io.tenet.controller.runtime.ControllerSettings.InvalidSettingException;
import io.tenet.controller.runtime.ControllerSettings;
import io.tenet.controller.store.StoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller as an OSGi Declarative Services component (PID {@code io.tenet.controller}): it runs the same
 * {@link ControllerCore} as the standalone launcher and registers the core's own model and switch services in
 * the service registry (nothing is forwarded by hand, so a new service of the core needs one line here). A
 * configuration change restarts it with the new settings. Bad settings or a port in use give one error line
 * naming the key, and the component stays unsatisfied: nothing is left listening or open.
 */
@Component(name = ControllerComponent.PID, configurationPid = ControllerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = ControllerComponent.Config.class)
public final class ControllerComponent {
    public static final String PID = "io.tenet.controller";
    private static final Logger log = LoggerFactory.getLogger(ControllerComponent.class);

    /** The settings in {@code etc/io.tenet.controller.cfg}. */
    @ObjectClassDefinition(name = "Tenet controller",
            description = "OpenFlow listener, store and reconciler of the Tenet controller")
    public @interface Config {
        @AttributeDefinition(description = "Address the OpenFlow listener binds")
        String bind() default "0.0.0.0";

        @AttributeDefinition(description = "OpenFlow port")
        String openflowPort() default "6653";

        @AttributeDefinition(description = "Directory of the embedded store; relative paths are under ${karaf.data}")
        String dataDir() default "tenet";

        @AttributeDefinition(description = "Where the model is kept: embedded (in dataDir), or"
                + " etcd:http://a:2379,http://b:2379 for a cluster of controllers (feature tenet-store-etcd)")
        String store() default ControllerSettings.STORE_EMBEDDED;

        @AttributeDefinition(description = "Seconds between audits that re-read every switch's flows")
        String auditIntervalSeconds() default "60";

        @AttributeDefinition(description = "Seconds a node's switch may stay away before its endpoints are"
                + " reclaimed; 0 never")
        String nodeTimeoutSeconds() default "600";

        @AttributeDefinition(description = "On a shared store (etcd): seconds a dead controller's switch mastership"
                + " lasts before another controller takes over")
        String mastershipTtlSeconds() default "3";

        @AttributeDefinition(description = "Seconds an endpoint the CNI plugin made may go without its port on its"
                + " node's switch before it is reclaimed; 0 never")
        String portTimeoutSeconds() default "120";
    }

    /**
     * SCR retries a failed activation each time someone asks for the service; the same failure is logged at ERROR
     * once, then at DEBUG, until the settings change or the controller starts.
     */
    private static final AtomicReference<String> lastFailure =
            new AtomicReference<>("");

    private final ControllerCore core;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    private static void refuse(String message) {
        if (!message.equals(lastFailure.getAndSet(message))) {
            log.error(message);
        } else {
            log.debug(message);
        }
    }

    /**
     * Activated with every {@link StoreProvider} registered (greedily: a provider installed later restarts the
     * component, so a controller configured for etcd starts once the etcd store's bundle is there).
     */
    @Activate
    public ControllerComponent(Config config, BundleContext bundle,
            @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
            List<StoreProvider> stores) throws Exception {
        ControllerSettings settings;
        try {
            settings = settings(config);
        } catch (InvalidSettingException e) {
            refuse("Tenet controller not started: invalid setting " + e.key() + " in " + PID + ": " + e.getMessage()
                    + ". Fix etc/" + PID + ".cfg.");
            throw e;
        }
        try {
            core = new ControllerCore(settings, stores, List.of());
        } catch (InvalidSettingException e) {
            refuse("Tenet controller not started: invalid setting " + e.key() + " in " + PID + ": " + e.getMessage()
                    + ". Fix etc/" + PID + ".cfg or install the store's feature.");
            throw e;
        } catch (java.io.UncheckedIOException e) {
            refuse("Tenet controller not started: openflowPort " + settings.openFlowPort() + " on "
                    + settings.bind().getHostAddress() + " cannot be bound (" + e.getCause().getMessage()
                    + "). Set openflowPort or bind in etc/" + PID + ".cfg.");
            throw e;
        } catch (IllegalStateException e) {
            if (!settings.storeScheme().equals(ControllerSettings.STORE_EMBEDDED)) {
                refuse("Tenet controller not started: the store " + settings.store() + " cannot be used ("
                        + e.getMessage() + "). Check the store, or the store setting in etc/" + PID + ".cfg.");
            } else if (String.valueOf(e.getMessage()).contains(settings.dataDir().toString())) {
                refuse("Tenet controller not started: dataDir " + settings.dataDir() + " cannot be used ("
                        + e.getMessage() + "). Set dataDir in etc/" + PID + ".cfg.");
            } else {
                refuse("Tenet controller not started: " + e.getMessage() + ". See the lines above; the store in dataDir "
                        + settings.dataDir() + " may need repair.");
            }
            throw e;
        }
        try {
            registrations.add(bundle.registerService(new String[] {ModelService.class.getName(),
                ModelAdminService.class.getName()}, core.model(), null));
            registrations.add(bundle.registerService(SwitchService.class, core.switches(), null));
            registrations.add(bundle.registerService(OperStatus.class, core.status(), null));
            registrations.add(bundle.registerService(EventLog.class, core.events(), null));
            registrations.add(bundle.registerService(TraceService.class, core.tracer(), null));
            registrations.add(bundle.registerService(ControllerMetrics.class, core.metrics(), null));
        } catch (RuntimeException e) {
            registrations.forEach(ServiceRegistration::unregister);
            core.close();
            refuse("Tenet controller not started: its services could not be registered (" + e + ")");
            throw e;
        }
        lastFailure.set("");
        log.info("Tenet controller started: OpenFlow on {}, store {}", core.openFlowAddress(),
                settings.storeScheme().equals(ControllerSettings.STORE_EMBEDDED) ? settings.dataDir()
                        : settings.store());
    }

    static ControllerSettings settings(Config c) {
        int port = integer("openflowPort", c.openflowPort());
        long audit = integer("auditIntervalSeconds", c.auditIntervalSeconds());
        long nodeTimeout = integer("nodeTimeoutSeconds", c.nodeTimeoutSeconds());
        long mastershipTtl = integer("mastershipTtlSeconds", c.mastershipTtlSeconds());
        long portTimeout = integer("portTimeoutSeconds", c.portTimeoutSeconds());
        Path dir = Path.of(c.dataDir());
        if (!dir.isAbsolute()) {
            dir = Path.of(System.getProperty("karaf.data", "data")).resolve(dir);
        }
        return new ControllerSettings(ControllerSettings.address("bind", c.bind()), port, dir, c.store(),
                Duration.ofSeconds(audit), Duration.ofSeconds(nodeTimeout), Duration.ofSeconds(mastershipTtl),
                Duration.ofSeconds(portTimeout));
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException(key, "must be an integer, not '" + value + "'");
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        core.close();
        log.info("Tenet controller stopped");
    }
}
