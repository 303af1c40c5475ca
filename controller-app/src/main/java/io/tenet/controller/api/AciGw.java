package io.tenet.controller.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ACI gateway's settings, Contiv's one {@code aciGw} object (docs/aci.md): where endpoint groups attach on the
 * fabric ({@code pathBindings}, {@code nodeBindings}, {@code physicalDomain}), whether policy is enforced by
 * contracts and the {@code common} tenant's objects are used, and Tenet's settings for reaching the APIC.
 *
 * <p>The secrets ({@code apicPassword}, {@code apicPrivateKey}) are write-only: the REST API never returns them and
 * {@link #toString()} masks them. A write without a secret keeps the one stored; an empty one clears it.
 *
 * @param apicPassword the password for {@code aaaLogin}; null in a request that leaves it as it is
 * @param apicPrivateKey PEM private key for signature authentication with certificate {@code apicCertName}; null
 *     in a request that leaves it as it is
 * @param apicCaCert PEM text of the CA the APIC's certificate must chain to; empty: the JDK's trust store
 */
public record AciGw(List<String> pathBindings, List<String> nodeBindings, String physicalDomain,
        boolean enforcePolicies, boolean includeCommonTenant, List<URI> apicUrls, String apicUsername,
        String apicPassword, String apicPrivateKey, String apicCertName, String apicCaCert, boolean dryRun) {
    /** Its one key, as Contiv names it. */
    public static final String NAME = "aciGw";
    /** The name under which the ACI bridge publishes its {@link OperStatus} (inspect's {@code bridge}). */
    public static final String BRIDGE_STATUS = "aciBridge";
    public static final int MAX_URLS = 8;
    private static final Pattern PATH = Pattern.compile("topology/pod-\\d{1,4}/(paths|protpaths)-\\d{1,5}(-\\d{1,5})?"
            + "/pathep-\\[[A-Za-z0-9_./:-]{1,64}\\]");
    private static final Pattern NODE = Pattern.compile("topology/pod-\\d{1,4}/node-\\d{1,5}");
    private static final Pattern APIC_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public AciGw {
        pathBindings = List.copyOf(pathBindings);
        nodeBindings = List.copyOf(nodeBindings);
        apicUrls = List.copyOf(apicUrls);
        physicalDomain = physicalDomain == null ? "" : physicalDomain;
        apicUsername = apicUsername == null ? "" : apicUsername;
        apicCertName = apicCertName == null ? "" : apicCertName;
        apicCaCert = apicCaCert == null ? "" : apicCaCert;
        for (String p : pathBindings) {
            if (!PATH.matcher(p).matches()) {
                throw new ValidationException("pathBindings", "'" + p + "' is not a path"
                        + " (topology/pod-1/paths-101/pathep-[eth1/14])");
            }
        }
        for (String n : nodeBindings) {
            if (!NODE.matcher(n).matches()) {
                throw new ValidationException("nodeBindings", "'" + n + "' is not a node (topology/pod-1/node-101)");
            }
        }
        if (!physicalDomain.isEmpty() && !APIC_NAME.matcher(physicalDomain).matches()) {
            throw new ValidationException("physicalDomain", "physicalDomain must be an APIC name (letters, digits,"
                    + " _ . : -; at most 64)");
        }
        if (!apicCertName.isEmpty() && !APIC_NAME.matcher(apicCertName).matches()) {
            throw new ValidationException("apicCertName", "apicCertName must be an APIC name (letters, digits,"
                    + " _ . : -; at most 64)");
        }
        if (apicUrls.size() > MAX_URLS) {
            throw new ValidationException("apicUrls", "at most " + MAX_URLS + " APIC URLs");
        }
        for (URI u : apicUrls) {
            if (!"https".equals(u.getScheme()) || u.getHost() == null || u.getRawQuery() != null
                    || u.getRawFragment() != null || !(u.getRawPath() == null || u.getRawPath().isEmpty()
                    || u.getRawPath().equals("/")) || u.getRawUserInfo() != null) {
                throw new ValidationException("apicUrls", "'" + u + "' is not an APIC address (https://host[:port],"
                        + " no path; plain http is refused)");
            }
        }
        if (!apicCaCert.isEmpty() && !apicCaCert.contains("-----BEGIN CERTIFICATE-----")) {
            throw new ValidationException("apicCaCert", "apicCaCert must be PEM text (-----BEGIN CERTIFICATE-----)");
        }
        if (apicPrivateKey != null && !apicPrivateKey.isEmpty() && !apicPrivateKey.contains("PRIVATE KEY-----")) {
            throw new ValidationException("apicPrivateKey", "apicPrivateKey must be a PEM private key");
        }
    }

    /** An {@code https://host[:port]} address, naming {@code apicUrls} when it is not one. */
    public static URI url(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ValidationException("apicUrls", "'" + text + "' is not a URL: " + e.getReason());
        }
    }

    /**
     * This request made whole against what is stored: an absent secret keeps the stored one (none: empty), and then
     * the credentials must make sense together.
     */
    public AciGw keepingSecretsOf(AciGw stored) {
        String password = apicPassword != null ? apicPassword : stored == null ? "" : stored.apicPassword();
        String key = apicPrivateKey != null ? apicPrivateKey : stored == null ? "" : stored.apicPrivateKey();
        if (!password.isEmpty() && !key.isEmpty()) {
            throw new ValidationException("apicPrivateKey", "give apicPassword or apicPrivateKey, not both (clear one"
                    + " with an empty string)");
        }
        if (!key.isEmpty() && apicCertName.isEmpty()) {
            throw new ValidationException("apicCertName", "apicPrivateKey needs apicCertName, the APIC's name for"
                    + " the user's certificate");
        }
        if (!apicUrls.isEmpty() && apicUsername.isEmpty()) {
            throw new ValidationException("apicUsername", "apicUrls need apicUsername");
        }
        if (!apicUrls.isEmpty() && password.isEmpty() && key.isEmpty()) {
            throw new ValidationException("apicPassword", "apicUrls need apicPassword or apicPrivateKey");
        }
        return new AciGw(pathBindings, nodeBindings, physicalDomain, enforcePolicies, includeCommonTenant, apicUrls,
                apicUsername, password, key, apicCertName, apicCaCert, dryRun);
    }

    /** Its fields, the secrets masked: what logs may show. */
    @Override
    public String toString() {
        return "AciGw[pathBindings=" + pathBindings + ", nodeBindings=" + nodeBindings + ", physicalDomain="
                + physicalDomain + ", enforcePolicies=" + enforcePolicies + ", includeCommonTenant=" + includeCommonTenant
                + ", apicUrls=" + apicUrls + ", apicUsername=" + apicUsername + ", apicPassword="
                + mask(apicPassword) + ", apicPrivateKey=" + mask(apicPrivateKey) + ", apicCertName=" + apicCertName
                + ", apicCaCert=" + (apicCaCert.isEmpty() ? "" : "(PEM)") + ", dryRun=" + dryRun + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "(unchanged)" : secret.isEmpty() ? "" : "(set)";
    }
}
