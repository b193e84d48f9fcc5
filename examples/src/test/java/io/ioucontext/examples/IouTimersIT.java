package io.ioucontext.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs IouTimers in a child JVM and reads the columns it prints. */
class IouTimersIT {

    /** Some 16-space columns of indentation, then seconds since boot as %16f. */
    private static final Pattern LINE = Pattern.compile("((?: {16})*)( *\\d+\\.\\d{6})");

    private static Process start(String... intervals) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath(), IouTimers.class.getName()));
        command.addAll(List.of(intervals));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String classpath() throws Exception {
        String runtime = Files.readString(Path.of(System.getProperty("iou.examples.classpath.file"))).strip();
        return System.getProperty("iou.examples.classes") + File.pathSeparator + runtime;
    }

    @Test
    void printsEachTimersTicksInItsColumn() throws Exception {
        Process timers = start("0.02", "1000", "0.03");
        Set<Integer> columns = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(timers.getInputStream(), StandardCharsets.US_ASCII))) {
            double last = 0;
            for (int i = 0; i < 30; i++) {
                String line = out.readLine();
                assertNotNull(line, "iou-timers stopped printing");
                Matcher matcher = LINE.matcher(line);
                assertTrue(matcher.matches(), () -> "not a timer line: '" + line + "'");
                assertEquals(16, matcher.group(2).length(), line);
                columns.add(matcher.group(1).length() / 16);
                double seconds = Double.parseDouble(matcher.group(2).strip());
                assertTrue(seconds >= last, "seconds since boot went back: " + line);
                last = seconds;
            }
        } finally {
            timers.destroy();
            timers.waitFor(1, TimeUnit.MINUTES);
        }
        assertEquals(Set.of(0, 2), columns, "the slow timer keeps column 1 empty");
    }
}
