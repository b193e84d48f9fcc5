package io.ioucontext.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each example, run in a child JVM with a bad argument, names it in one line and exits with status 2. */
class ExampleArgumentsIT {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "IouPort7     ; abc         ; iou-port7: bad port 'abc': not a whole number from 1 to 65535 (usage: iou-port7 [PORT])",
        "IouPort7     ; 70000       ; iou-port7: bad port '70000': not a whole number from 1 to 65535 (usage: iou-port7 [PORT])",
        "IouPort7     ; 0           ; iou-port7: bad port '0': not a whole number from 1 to 65535 (usage: iou-port7 [PORT])",
        "IouPort7     ; 7 8         ; iou-port7: bad argument '8': too many arguments (usage: iou-port7 [PORT])",
        "IouTimers    ; 0.5 x       ; iou-timers: bad interval 'x': not a number above 0 (usage: iou-timers INTERVAL... (seconds, e.g. 0.5))",
        "IouTimers    ; -1          ; iou-timers: bad interval '-1': not a number above 0 (usage: iou-timers INTERVAL... (seconds, e.g. 0.5))",
        "IouTimers    ; NaN         ; iou-timers: bad interval 'NaN': not a number above 0 (usage: iou-timers INTERVAL... (seconds, e.g. 0.5))",
        "IouTimers    ; ''          ; iou-timers: missing arguments (usage: iou-timers INTERVAL... (seconds, e.g. 0.5))",
        "IouCat       ; -n          ; iou-cat: bad argument '-n': iou-cat takes no options (name a file starting with - as ./-n) (usage: iou-cat [FILE|-]...)",
        "NopRoundTrip ; 10 11       ; nop-round-trip: bad FIBERS '11': not a whole number from 1 to 10 (usage: nop-round-trip [OPS] [FIBERS])",
        "NopRoundTrip ; many        ; nop-round-trip: bad OPS 'many': not a whole number from 1 to 2147483647 (usage: nop-round-trip [OPS] [FIBERS])",
    })
    void aBadArgumentIsNamedInOneLineWithStatus2(String program, String args, String message) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath(), "io.ioucontext.examples." + program));
        if (!args.isEmpty()) {
            command.addAll(List.of(args.split(" ")));
        }
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), program + " did not end");
        assertEquals(message + System.lineSeparator(), stderr);
        assertEquals(2, process.exitValue());
    }

    private static String classpath() throws Exception {
        String runtime = Files.readString(Path.of(System.getProperty("iou.examples.classpath.file"))).strip();
        return System.getProperty("iou.examples.classes") + File.pathSeparator + runtime;
    }
}
