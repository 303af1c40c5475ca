package io.tenet.aci.sync;

import io.tenet.aci.apic.Mo;

/**
 * One object to send: made, changed (the object holds only the attributes that differ) or deleted, with the
 * APIC {@code status} each is sent with.
 */
record Change(Op op, Mo mo) {
    enum Op {
        CREATE("created"), MODIFY("modified"), DELETE("deleted");

        final String status;

        Op(String status) {
            this.status = status;
        }
    }
}
