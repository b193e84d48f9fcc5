package io.ioucontext.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ioucontext.instrument.WeaveException;
import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.classpath.JdkSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplanationReaderTest {

    @Test
    void namesTheWovenMethodsAndTheirSuspensionPoints() throws WeaveException {
        byte[] woven = new Weaver(new JdkSource()).weave(GeneratedClasses.parker("com/example/Parker", false))
                .orElseThrow();

        Explanation explanation = ExplanationReader.read(woven);

        assertEquals(new Explanation("com.example.Parker", "Parker.java", List.of(new Explanation.WovenMethod(
                "pause()V", List.of(new Explanation.Point(0, 7, "park()V", false)), true))), explanation);
        assertEquals(List.of(
                "com.example.Parker (Parker.java): 1 woven method(s), 1 suspension point(s)",
                "  pause()V (calls that need no dispatch pass it the fiber stack)",
                "    #0 line 7: calls park()V"), explanation.lines());
    }

    @Test
    void anUnwovenClassHasNothingToExplain() {
        Explanation explanation = ExplanationReader.read(GeneratedClasses.emptyClass("com/example/Plain"));

        assertEquals(List.of(), explanation.methods());
    }
}
