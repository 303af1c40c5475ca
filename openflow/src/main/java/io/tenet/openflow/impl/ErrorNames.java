package io.tenet.openflow.impl;

/** Symbolic names of OpenFlow 1.3/1.4 error types and the codes a controller actually meets. */
final class ErrorNames {
    private static final String[] TYPES = {
        "HELLO_FAILED", "BAD_REQUEST", "BAD_ACTION", "BAD_INSTRUCTION", "BAD_MATCH", "FLOW_MOD_FAILED",
        "GROUP_MOD_FAILED", "PORT_MOD_FAILED", "TABLE_MOD_FAILED", "QUEUE_OP_FAILED", "SWITCH_CONFIG_FAILED",
        "ROLE_REQUEST_FAILED", "METER_MOD_FAILED", "TABLE_FEATURES_FAILED", "BAD_PROPERTY", "ASYNC_CONFIG_FAILED",
        "FLOW_MONITOR_FAILED", "BUNDLE_FAILED"};
    /** Code names by error type, for the types a controller meets. */
    private static final java.util.Map<Integer, String[]> CODES = java.util.Map.of(
        0, new String[] {"INCOMPATIBLE", "EPERM"},
        1, new String[] {"BAD_VERSION", "BAD_TYPE", "BAD_MULTIPART", "BAD_EXPERIMENTER", "BAD_EXP_TYPE", "EPERM",
            "BAD_LEN", "BUFFER_EMPTY", "BUFFER_UNKNOWN", "BAD_TABLE_ID", "IS_SLAVE", "BAD_PORT", "BAD_PACKET",
            "MULTIPART_BUFFER_OVERFLOW"},
        2, new String[] {"BAD_TYPE", "BAD_LEN", "BAD_EXPERIMENTER", "BAD_EXP_TYPE", "BAD_OUT_PORT", "BAD_ARGUMENT",
            "EPERM", "TOO_MANY", "BAD_QUEUE", "BAD_OUT_GROUP", "MATCH_INCONSISTENT", "UNSUPPORTED_ORDER", "BAD_TAG",
            "BAD_SET_TYPE", "BAD_SET_LEN", "BAD_SET_ARGUMENT"},
        3, new String[] {"UNKNOWN_INST", "UNSUP_INST", "BAD_TABLE_ID", "UNSUP_METADATA", "UNSUP_METADATA_MASK",
            "BAD_EXPERIMENTER", "BAD_EXP_TYPE", "BAD_LEN", "EPERM"},
        4, new String[] {"BAD_TYPE", "BAD_LEN", "BAD_TAG", "BAD_DL_ADDR_MASK", "BAD_NW_ADDR_MASK", "BAD_WILDCARDS",
            "BAD_FIELD", "BAD_VALUE", "BAD_MASK", "BAD_PREREQ", "DUP_FIELD", "EPERM"},
        5, new String[] {"UNKNOWN", "TABLE_FULL", "BAD_TABLE_ID", "OVERLAP", "EPERM", "BAD_TIMEOUT", "BAD_COMMAND",
            "BAD_FLAGS"},
        6, new String[] {"GROUP_EXISTS", "INVALID_GROUP", "WEIGHT_UNSUPPORTED", "OUT_OF_GROUPS", "OUT_OF_BUCKETS",
            "CHAINING_UNSUPPORTED", "WATCH_UNSUPPORTED", "LOOP", "UNKNOWN_GROUP", "CHAINED_GROUP", "BAD_TYPE",
            "BAD_COMMAND", "BAD_BUCKET", "BAD_WATCH", "EPERM"},
        11, new String[] {"STALE", "UNSUP", "BAD_ROLE"},
        17, new String[] {"UNKNOWN", "EPERM", "BAD_ID", "BUNDLE_EXIST", "BUNDLE_CLOSED", "OUT_OF_BUNDLES",
            "BAD_TYPE", "BAD_FLAGS", "MSG_BAD_LEN", "MSG_BAD_XID", "MSG_UNSUP", "MSG_CONFLICT", "MSG_TOO_MANY",
            "MSG_FAILED", "TIMEOUT", "BUNDLE_IN_PROGRESS"});
    private static final int EXPERIMENTER = 0xffff;
    private static final long NICIRA = 0x2320;
    private static final long ONF = 0x4f4e4600L;

    private ErrorNames() {
    }

    static String describe(int type, int code, long experimenter) {
        if (type == EXPERIMENTER) {
            String who = experimenter == NICIRA ? "NICIRA" : experimenter == ONF ? "ONF" : "EXPERIMENTER 0x"
                    + Long.toHexString(experimenter);
            return who + "/" + code;
        }
        String typeName = type < TYPES.length ? TYPES[type] : "TYPE_" + type;
        String[] codes = CODES.getOrDefault(type, new String[0]);
        String codeName = code >= 0 && code < codes.length ? codes[code] : "CODE_" + code;
        return typeName + "/" + codeName;
    }
}
