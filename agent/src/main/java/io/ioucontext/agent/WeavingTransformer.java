package io.ioucontext.agent;

import io.ioucontext.instrument.ClassFileSource;
import io.ioucontext.instrument.Diagnostic;
import io.ioucontext.instrument.WeaveException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Weaves each selected class as it is loaded (or redefined), reading the hierarchy it needs from
 * the defining loader's resources and the JDK ({@link LoaderWeavers}). A class the weaver refuses
 * is reported on standard error and replaced by one that fails on first use (see
 * {@link UnweavableClass}), so it is never run unwoven. Safe for concurrent use.
 */
final class WeavingTransformer implements ClassFileTransformer {

    private final AgentOptions options;
    private final ClassSelection selection;
    private final PrintStream messages;
    private final LoaderWeavers weavers = new LoaderWeavers();

    /**
     * @param messages where diagnostics and {@code verbose} lines go, normally standard error
     */
    WeavingTransformer(AgentOptions options, PrintStream messages) {
        this.options = options;
        this.selection = new ClassSelection(options.include(), options.exclude());
        this.messages = messages;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        if (className == null || !selection.selects(className)) {
            return null;
        }
        try {
            LoaderWeavers.LoaderWeaver loaderWeaver = weavers.forLoader(loader);
            Optional<byte[]> woven = loaderWeaver.weave(classFile);
            return woven.isPresent() ? accepted(className, woven.get(), classFile, loaderWeaver.classes()) : null;
        } catch (WeaveException e) {
            return refused(className, classFile, "cannot be woven",
                    e.diagnostics().stream().map(Diagnostic::toString).toList());
        } catch (RuntimeException | Error e) {
            return refused(className, classFile, "could not be woven: the weaver failed", List.of(stackTraceOf(e)));
        }
    }

    private byte[] accepted(String className, byte[] woven, byte[] original, ClassFileSource classes) {
        if (options.verify()) {
            Optional<String> problems = WovenClassVerifier.problems(woven, classes);
            if (problems.isPresent()) {
                return refused(className, original, "was woven into an invalid class (a weaver bug)",
                        problems.get().lines().toList());
            }
        }
        options.dump().ifPresent(directory -> dump(directory, className, woven));
        if (options.verbose()) {
            messages.println("[ioucontext] woven " + binaryName(className));
        }
        return woven;
    }

    /** Reports why a class cannot be used and returns the class that fails on first use. */
    private byte[] refused(String className, byte[] original, String what, List<String> reasons) {
        String heading = binaryName(className) + " " + what;
        String reasonLines = reasons.stream().map(reason -> "  " + reason).collect(Collectors.joining("\n"));
        messages.println("[ioucontext] " + heading + "; using it will throw LinkageError:\n" + reasonLines);
        try {
            return UnweavableClass.failingOnInitialisation(original, "ioucontext: " + heading + ":\n" + reasonLines);
        } catch (RuntimeException unreadable) {
            messages.println("[ioucontext] " + binaryName(className) + " cannot be read either; it is left as it is: "
                    + unreadable);
            return null;
        }
    }

    private void dump(Path directory, String className, byte[] woven) {
        Path file = directory.resolve(className + ".class");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, woven);
        } catch (IOException e) {
            messages.println("[ioucontext] cannot dump " + binaryName(className) + " to " + file + ": " + e);
        }
    }

    private static String binaryName(String internalName) {
        return internalName.replace('/', '.');
    }

    private static String stackTraceOf(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }
}
