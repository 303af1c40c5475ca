package io.tenet.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Names.check accepts exactly the names of the documented pattern. */
class NamesTest {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    @Property(tries = 2000)
    void acceptsExactlyThePattern(@ForAll @StringLength(min = 1, max = 70) @CharRange(from = 'a', to = 'z')
            @CharRange(from = 'A', to = 'Z') @CharRange(from = '0', to = '9') @Chars({'_', '.', '-', ':', ' ', '/', 'é'})
            String name) {
        boolean valid;
        try {
            Names.check("f", name);
            valid = true;
        } catch (ValidationException e) {
            assertEquals("f", e.field());
            valid = false;
        }
        assertEquals(RULE.matcher(name).matches(), valid, name);
    }

    @Property(tries = 500)
    void endpointIdsFollowThePatternUpTo255(@ForAll @StringLength(min = 1, max = 270) @CharRange(from = 'a', to = 'z')
            @CharRange(from = '0', to = '9') @Chars({'_', '.', '-', ':', ' '}) String id) {
        boolean valid;
        try {
            Endpoint.checkId(id);
            valid = true;
        } catch (ValidationException e) {
            valid = false;
        }
        assertEquals(Pattern.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}", id), valid, id);
    }

    @Test
    void emptyAndNullAreRequired() {
        assertThrows(ValidationException.class, () -> Names.check("f", ""));
        assertThrows(ValidationException.class, () -> Names.check("f", null));
    }
}
