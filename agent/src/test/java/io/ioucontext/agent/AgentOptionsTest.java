package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void noOptionsWeaveEverythingQuietly() {
        AgentOptions none = new AgentOptions(List.of(), List.of(), false, Optional.empty(), false);

        assertEquals(none, AgentOptions.parse(null));
        assertEquals(none, AgentOptions.parse(""));
    }

    @Test
    void parsesEveryOption() {
        AgentOptions options = AgentOptions.parse("include=com.acme;org.example, exclude=com.acme.gen,verify,dump=/tmp/woven,verbose");

        assertEquals(new AgentOptions(List.of("com.acme", "org.example"), List.of("com.acme.gen"), true,
                Optional.of(Path.of("/tmp/woven")), true), options);
    }

    @Test
    void repeatedPackageOptionsAddUp() {
        assertEquals(List.of("a", "b"), AgentOptions.parse("include=a,include=b").include());
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("verbos"));
        assertTrue(unknown.getMessage().contains("'verbos'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains(AgentOptions.USAGE), unknown.getMessage());

        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("dump="));
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("include"));
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("verify=yes"));
    }
}
