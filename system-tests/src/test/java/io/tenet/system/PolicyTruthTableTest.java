package io.tenet.system;

/** The policy truth table over a VXLAN network: across hosts through the tunnel. */
class PolicyTruthTableTest extends AbstractPolicyTruthTableTest {
    @Override
    String encap() {
        return "vxlan";
    }
}
