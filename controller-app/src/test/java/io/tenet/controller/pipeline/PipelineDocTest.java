package io.tenet.controller.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/pipeline.md describes every table, register, priority and cookie category of the catalogue. */
class PipelineDocTest {
    private static String doc() throws IOException {
        return Files.readString(Path.of("../docs/pipeline.md"));
    }

    /** The line under a table's heading that gives its stage and its miss. */
    static String stageLine(PipelineTable t) {
        return "*Stage `" + t.stage() + "`; miss: " + (t.miss() == PipelineTable.Miss.DROP ? "drop"
                : "continue to table " + t.next().id() + " (`" + t.next().name() + "`)") + ".*";
    }

    @Test
    void everyTableHasItsSectionWithItsStageAndMiss() throws IOException {
        String doc = doc();
        for (PipelineTable t : PipelineTable.values()) {
            String heading = "## Table " + t.id() + ": " + t.name();
            assertTrue(doc.contains(heading + "\n\n" + stageLine(t)), "docs/pipeline.md lacks the section '" + heading
                    + "' starting with " + stageLine(t));
        }
        long sections = doc.lines().filter(l -> l.startsWith("## Table ")).count();
        assertTrue(sections == PipelineTable.values().length, "docs/pipeline.md describes tables the code lacks");
    }

    @Test
    void everyRegisterPriorityAndCategoryIsDescribed() throws IOException {
        String doc = doc();
        for (RegField r : RegField.values()) {
            String row = "| `" + r.ofctlName() + "` (`" + r.name() + "`) | " + r.lowBit() + "-" + r.highBit() + " |";
            assertTrue(doc.contains(row), "docs/pipeline.md lacks the register row " + row);
        }
        for (Priority p : Priority.values()) {
            assertTrue(doc.contains("`" + p.name() + "` (" + p.value() + ")"), "priority " + p + " undocumented");
        }
        for (Cookie.Category c : Cookie.Category.values()) {
            assertTrue(doc.contains("`" + c.name() + "` (" + c.code + ")"), "cookie category " + c + " undocumented");
        }
        assertTrue(doc.contains(String.format("0x%02x", Cookie.OWNER >>> 56)), "cookie owner byte undocumented");
    }
}
