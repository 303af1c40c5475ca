package io.tenet.aci.osgi;

import io.tenet.aci.AciBridge;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.OperStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The ACI bridge under OSGi: started when the controller's model and status services are registered, stopped
 * with them. It has no configuration of its own; its settings are the {@code aciGws} object in the model.
 */
@Component(name = "io.tenet.aci", immediate = true, service = {})
public final class AciBridgeComponent {
    private final AciBridge bridge = new AciBridge();

    @Activate
    public AciBridgeComponent(@Reference ModelService model, @Reference OperStatus status,
            @Reference EventLog events) {
        bridge.start(model, status, events);
    }

    @Deactivate
    void deactivate() {
        bridge.close();
    }
}
