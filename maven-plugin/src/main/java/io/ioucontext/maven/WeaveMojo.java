package io.ioucontext.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the project's main classes ({@code project.build.outputDirectory}) in place, reading the
 * class hierarchy from the compile class path and the JDK.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class WeaveMojo extends AbstractDirectoryWeaveMojo {

    @Override
    protected List<Path> hierarchy() throws DependencyResolutionRequiredException {
        return paths(project().getCompileClasspathElements());
    }

    @Override
    protected Path classesDirectory() {
        return Path.of(project().getBuild().getOutputDirectory());
    }
}
