package io.ioucontext.instrument.classpath;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Closes several resources, each one even when an earlier one fails. */
final class Closing {

    private Closing() {}

    /**
     * @param what what the resources are, for the message of the exception
     * @throws IOException carrying every failure as suppressed, when at least one failed
     */
    static void closeAll(List<? extends Closeable> resources, String what) throws IOException {
        IOException failure = new IOException("cannot close every " + what);
        for (Closeable resource : resources) {
            try {
                resource.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }
}
