package io.tenet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What testbeds leave behind, and its removal: a testbed's own namespaces and directory when it closes, and
 * whatever earlier testbeds left when their JVM died, recognised by the pid in their names' prefix
 * ({@link #PREFIX_PATTERN}): nothing whose owner still runs, and nothing without a testbed prefix, is touched.
 */
final class Leftovers {
    /** A testbed's prefix: "t", the owner's pid in 6 hex digits, and a run number. */
    static final String PREFIX_PATTERN = "t[0-9a-f]{6}[0-9a-z]";

    private Leftovers() {
    }

    /** Deletes a directory and everything below it, if it exists; what cannot be deleted is left, quietly. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file still held by a dying process: the next sweep takes it
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // the tree changed while walking it: the next sweep takes the rest
        }
    }

    /** Where ip netns exec finds a namespace's own /etc files (its resolv.conf). */
    static final Path NETNS_ETC = Path.of("/etc/netns");

    /** Removes a namespace, killing what still runs in it first, and its /etc files. */
    static void removeNamespace(String ns) {
        String pids = Sh.run("ip", "netns", "pids", ns).out();
        for (String p : pids.split("\\s+")) {
            if (!p.isBlank()) {
                ProcessHandle.of(Long.parseLong(p.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Sh.quietly("ip", "netns", "del", ns);
        deleteTree(NETNS_ETC.resolve(ns));
    }

    /**
     * Removes what earlier testbeds left when their JVM died: namespaces, links, OVS daemons and directories whose
     * names carry the prefix of a process that no longer exists.
     */
    static void sweepStale() {
        for (String line : Sh.run("ip", "netns", "list").out().split("\n")) {
            String ns = line.split("\\s+")[0];
            if (ns.matches(PREFIX_PATTERN + "-.*") && ownerGone(ns.substring(0, 8))) {
                OvsInstance.stop(Path.of("/tmp/tenet-testbed", ns.substring(0, 8), ns.substring(9)));
                removeNamespace(ns);
            }
        }
        // /etc files of namespaces already gone.
        try (java.util.stream.Stream<Path> etc = Files.list(NETNS_ETC)) {
            etc.filter(d -> d.getFileName().toString().matches(PREFIX_PATTERN + "-.*")
                    && ownerGone(d.getFileName().toString().substring(0, 8))).forEach(Leftovers::deleteTree);
        } catch (IOException ignored) {
            // no namespace has /etc files
        }
        // Karaf JVMs and resolvers of dead testbeds run in the root namespace; their command line names their
        // directory.
        ProcessHandle.allProcesses().forEach(p -> {
            String cmd = String.join(" ", p.info().arguments().orElse(new String[0]));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:karaf\\.base=|--pid-file=)/tmp/tenet-testbed/("
                    + PREFIX_PATTERN + ")/").matcher(cmd);
            if (m.find() && ownerGone(m.group(1))) {
                p.destroyForcibly();
            }
        });
        // Their directories (OVS databases and logs, Karaf copies).
        try (java.util.stream.Stream<Path> dirs = Files.list(Path.of("/tmp/tenet-testbed"))) {
            dirs.filter(d -> d.getFileName().toString().matches(PREFIX_PATTERN)
                    && ownerGone(d.getFileName().toString())).forEach(Leftovers::deleteTree);
        } catch (IOException ignored) {
            // no testbed ran on this machine yet
        }
        for (String line : Sh.run("ip", "-o", "link", "show").out().split("\n")) {
            String[] words = line.split(":\\s+");
            if (words.length > 1) {
                String link = words[1].split("@")[0];
                if (link.matches(PREFIX_PATTERN + "(m|h\\d+)") && ownerGone(link.substring(0, 8))) {
                    Sh.quietly("ip", "link", "del", link);
                }
            }
        }
    }

    private static boolean ownerGone(String prefix) {
        long pid = Long.parseLong(prefix.substring(1, 7), 16);
        return pid != (ProcessHandle.current().pid() & 0xffffff) && ProcessHandle.of(pid).isEmpty();
    }
}
