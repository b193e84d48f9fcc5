package io.ioucontext.maven;

import io.ioucontext.instrument.Diagnostic;
import io.ioucontext.instrument.WeaveException;
import io.ioucontext.instrument.Weaver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;

/**
 * Weaves class after class, counting them and collecting every diagnostic instead of stopping at
 * the first class that fails, so a build reports all problems at once. Not thread-safe.
 */
final class WeaveSession {

    private final Weaver weaver;
    private final Consumer<String> onWoven;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int examined;
    private int woven;
    private int suspendableLeftAlone;

    /**
     * @param onWoven told the binary name of every class rewritten
     */
    WeaveSession(Weaver weaver, Consumer<String> onWoven) {
        this.weaver = weaver;
        this.onWoven = onWoven;
    }

    /**
     * @return the woven class file, or empty when the class is left as it is, either because it
     *     needs no change or because it cannot be woven (then its diagnostics are recorded)
     */
    Optional<byte[]> weave(byte[] classFile) {
        examined++;
        try {
            Optional<byte[]> result = weaver.weave(classFile);
            if (result.isPresent()) {
                woven++;
                onWoven.accept(new ClassReader(classFile).getClassName().replace('/', '.'));
            } else if (WovenMarker.declaresSuspendable(classFile) && !WovenMarker.isWoven(classFile)) {
                suspendableLeftAlone++;
            }
            return result;
        } catch (WeaveException e) {
            diagnostics.addAll(e.diagnostics());
            return Optional.empty();
        }
    }

    WeaveReport report() {
        return new WeaveReport(examined, woven, suspendableLeftAlone, diagnostics);
    }
}
