/**
 * The southbound OpenFlow channel of Tenet: a listener that accepts Open vSwitch connections,
 * negotiates OpenFlow 1.3 or 1.4, and hands each connected switch to {@link io.tenet.openflow.api.SwitchListener}s
 * as an {@link io.tenet.openflow.api.OpenFlowSwitch}. It knows OpenFlow, nothing of policy.
 */
package io.tenet.openflow.api;
