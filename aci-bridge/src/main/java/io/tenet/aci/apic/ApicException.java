package io.tenet.aci.apic;

import java.util.Set;

/**
 * An APIC refusal or a failure to reach one. {@code code} is the APIC's error code from the answer's
 * {@code imdata[0].error.attributes.code} (empty when the APIC gave none, as when it could not be reached), and
 * {@code httpStatus} the HTTP status (0 when no answer came).
 */
public final class ApicException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Codes of refusals that can pass by themselves (internal errors, an object another request is making). */
    /** The code of a failure of Tenet's settings (a key or CA that cannot be used): not worth a retry. */
    public static final String CONFIG = "config";
    static final Set<String> TRANSIENT_CODES = Set.of("1", "100", "102");

    private final int httpStatus;
    private final String code;
    private final String dn;

    public ApicException(int httpStatus, String code, String text, String dn) {
        super(text);
        this.httpStatus = httpStatus;
        this.code = code == null ? "" : code;
        this.dn = dn == null ? "" : dn;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    /** The object of the request that failed. */
    public String dn() {
        return dn;
    }

    /**
     * Worth trying again as it is: no answer, a 5xx, or a transient code. A validation error (codes 120, 121, 122,
     * 104, 801, ...) fails again until the object changes.
     */
    public boolean isTransient() {
        return !CONFIG.equals(code) && (httpStatus == 0 || httpStatus >= 500 || TRANSIENT_CODES.contains(code));
    }

    ApicException on(String otherDn) {
        ApicException e = new ApicException(httpStatus, code, getMessage(), otherDn);
        e.initCause(getCause());
        return e;
    }
}
