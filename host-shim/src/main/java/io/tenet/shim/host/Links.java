package io.tenet.shim.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Network interfaces and namespaces, through iproute2, nsenter and ethtool. */
public final class Links {
    private Links() {
    }

    public static boolean exists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    public static Exec.Result runIn(String netns, String... command) {
        List<String> argv = new java.util.ArrayList<>(List.of("nsenter", "--net=" + netns, "--"));
        argv.addAll(List.of(command));
        return Exec.run(argv, null);
    }

    /** Deletes a link in the current namespace; a missing link is fine. */
    public static void deleteIfExists(String name) {
        if (exists(name)) {
            Exec.Result r = Exec.run(List.of("ip", "link", "del", name), null);
            if (!r.ok() && exists(name)) {
                throw new Exec.CommandException(List.of("ip", "link", "del", name), r);
            }
        }
    }
}
