package io.tenet.controller.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floors of docs/architecture.md hold in the code: every package of the controller is in the table, and
 * every import of a controller package goes to a package on a lower floor (or its own). The table is read from
 * the page itself, so the two cannot drift.
 */
class PackageFloorsTest {
    private static final Path SOURCES = Path.of("src/main/java/io/tenet/controller");
    private static final Pattern ROW = Pattern.compile("^\\| (\\d) \\| `([a-z.]+)` \\|");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.tenet\\.controller\\.([a-zA-Z0-9_.]+);");

    private static Map<String, Integer> floors() throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../docs/architecture.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                out.put(m.group(2), Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    /** The package of a class or member name below io.tenet.controller: the segments before the first capital. */
    private static String packageOf(String name) {
        List<String> parts = new ArrayList<>();
        for (String seg : name.split("\\.")) {
            if (Character.isUpperCase(seg.charAt(0))) {
                break;
            }
            parts.add(seg);
        }
        return String.join(".", parts);
    }

    @Test
    void everyImportGoesDownAFloor() throws IOException {
        Map<String, Integer> floors = floors();
        assertTrue(floors.size() >= 10, "the table of docs/architecture.md was not found: " + floors);
        List<String> broken = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path file : files) {
            String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
            Integer floor = floors.get(pkg);
            if (floor == null) {
                broken.add(pkg + " (" + file.getFileName() + ") is not in the table of docs/architecture.md");
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                Matcher m = IMPORT.matcher(line);
                if (!m.find()) {
                    continue;
                }
                String target = packageOf(m.group(1));
                Integer to = floors.get(target);
                if (to == null) {
                    broken.add(file.getFileName() + " imports " + target + ", which is not in the table");
                } else if (!target.equals(pkg) && to >= floor) {
                    broken.add(file.getFileName() + " (" + pkg + ", floor " + floor + ") imports " + target + " (floor "
                            + to + ")");
                }
            }
        }
        assertEquals(List.of(), broken);
    }
}
