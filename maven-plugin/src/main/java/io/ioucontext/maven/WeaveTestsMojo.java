package io.ioucontext.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the project's test classes ({@code project.build.testOutputDirectory}) in place, reading
 * the class hierarchy from the test class path (which holds the main classes too) and the JDK.
 */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class WeaveTestsMojo extends AbstractDirectoryWeaveMojo {

    @Override
    protected List<Path> hierarchy() throws DependencyResolutionRequiredException {
        return paths(project().getTestClasspathElements());
    }

    @Override
    protected Path classesDirectory() {
        return Path.of(project().getBuild().getTestOutputDirectory());
    }
}
