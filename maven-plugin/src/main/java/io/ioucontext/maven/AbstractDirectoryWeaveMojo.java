package io.ioucontext.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that weaves a class output directory in place. */
abstract class AbstractDirectoryWeaveMojo extends AbstractWeaveMojo {

    /**
     * When set, every class file of the woven directory is first copied here, unwoven (same relative
     * paths), so that the same classes can be run through the {@code -javaagent} instead.
     */
    @Parameter
    private File originalsDirectory;

    @Override
    protected final WeaveReport weave(WeaveSession session) throws IOException {
        Optional<Path> originals = Optional.ofNullable(originalsDirectory).map(File::toPath);
        return new DirectoryWeaver(session, originals, getLog()).weave(classesDirectory());
    }

    @Override
    protected final Predicate<String> wovenTogether() {
        Path directory = classesDirectory();
        return name -> Files.isRegularFile(directory.resolve(name + ".class"));
    }

    @Override
    protected final String description() {
        return classesDirectory().toString();
    }

    /** The directory woven in place. */
    protected abstract Path classesDirectory();
}
