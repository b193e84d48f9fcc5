package io.ioucontext.maven;

import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.classpath.ClassPathSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import io.ioucontext.instrument.classpath.JdkSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every weaving goal shares: the {@code skip} and {@code verbose} parameters, a weaver that
 * reads the class hierarchy from a class path plus the JDK running Maven, and the way results are
 * reported.
 */
abstract class AbstractWeaveMojo extends AbstractMojo {

    /** Leaves every class file as it is. */
    @Parameter(property = "iou.weave.skip", defaultValue = "false")
    private boolean skip;

    /** Names every class that is woven. */
    @Parameter(property = "iou.weave.verbose", defaultValue = "false")
    private boolean verbose;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ioucontext weaving skipped");
            return;
        }
        resolveInputs();
        try (CompositeSource classes = CompositeSource.of(new ClassPathSource(hierarchy()), new JdkSource())) {
            WeaveSession session = new WeaveSession(new Weaver(classes, wovenTogether()), this::logWoven);
            WeaveReport report = weave(session);
            if (report.failed()) {
                report.failure().lines().forEach(getLog()::error);
                throw new MojoFailureException(report.failure());
            }
            getLog().info("ioucontext: " + report.summary(description()));
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("cannot weave " + description() + ": " + e.getMessage(), e);
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the class path of " + project + " is not resolved", e);
        }
    }

    protected MavenProject project() {
        return project;
    }

    /** Resolves and checks what the goal weaves, before anything is read; nothing by default. */
    protected void resolveInputs() throws MojoExecutionException {
    }

    /** Where the classes the weaver may need to read live, first to last, without the JDK. */
    protected abstract List<Path> hierarchy() throws DependencyResolutionRequiredException;

    /**
     * Whether a class (internal name) is one this goal weaves: calls between them enter each other's
     * stack-passing copies (see {@link Weaver#Weaver(io.ioucontext.instrument.ClassFileSource, Predicate)}).
     */
    protected abstract Predicate<String> wovenTogether() throws IOException;

    /** What this goal weaves, for messages. */
    protected abstract String description();

    /** Weaves this goal's classes. */
    protected abstract WeaveReport weave(WeaveSession session) throws IOException;

    /** Paths of a list of Maven class path elements. */
    protected static List<Path> paths(List<String> elements) {
        return elements.stream().map(Path::of).toList();
    }

    private void logWoven(String className) {
        if (verbose) {
            getLog().info("woven: " + className);
        }
    }
}
