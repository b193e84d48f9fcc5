package io.ioucontext.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ioucontext.instrument.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeaveReportTest {

    @Test
    void summarisesInOneLine() {
        assertEquals("12 classes examined, 3 woven (target/classes)",
                new WeaveReport(12, 3, 0, List.of()).summary("target/classes"));
    }

    @Test
    void listsEveryDiagnosticOnItsOwnLine() {
        WeaveReport report = new WeaveReport(5, 1, 0, List.of(
                new Diagnostic("com.acme.A", "run", "A.java", 12, "monitor held across a suspension point"),
                new Diagnostic("com.acme.A", "<init>", "A.java", 3, "a constructor cannot suspend"),
                new Diagnostic("com.acme.B", "go", "Unknown Source", -1, "slot 0 overwritten")));

        assertEquals("""
                2 class(es) cannot be woven:
                com.acme.A.run(A.java:12): monitor held across a suspension point
                com.acme.A.<init>(A.java:3): a constructor cannot suspend
                com.acme.B.go(Unknown Source): slot 0 overwritten""", report.failure());
    }
}
