package io.ioucontext.maven;

import io.ioucontext.instrument.Diagnostic;
import io.ioucontext.instrument.WeaveException;
import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.classpath.ClassPathSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import io.ioucontext.instrument.classpath.JdkSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Prints, for each named class of the project (main or test), which methods are woven and which of
 * their call sites are suspension points, or why the class cannot be woven. A class the build
 * already wove (with this weaving version) is read as it is, any other is woven in memory, never
 * written (a class woven by another version gets its diagnostic); the hierarchy comes from the
 * test class path and the JDK. Classes of other modules are left to those modules, so
 * that the goal can run over a whole multi-module build:
 * {@code mvn test-compile io.ioucontext:ioucontext-maven-plugin:explain -Diou.explain.classes=com.acme.Server}.
 */
@Mojo(name = "explain", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class ExplainMojo extends AbstractMojo {

    /** The classes to explain, binary names ({@code com.acme.Server}), comma-separated on the command line. */
    @Parameter(property = "iou.explain.classes", required = true)
    private List<String> classes;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException {
        List<Path> classPath;
        try {
            classPath = project.getTestClasspathElements().stream().map(Path::of).toList();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the test class path of " + project + " is not resolved", e);
        }
        List<Path> outputs = List.of(Path.of(project.getBuild().getOutputDirectory()),
                Path.of(project.getBuild().getTestOutputDirectory()));
        try (CompositeSource source = CompositeSource.of(new ClassPathSource(classPath), new JdkSource());
                ClassPathSource own = new ClassPathSource(outputs)) {
            Weaver weaver = new Weaver(source);
            for (String className : classes) {
                Optional<byte[]> classFile = own.read(className.strip().replace('.', '/'));
                if (classFile.isPresent()) {
                    explain(className.strip(), classFile.get(), weaver).forEach(getLog()::info);
                } else {
                    getLog().info(className.strip() + ": not a class of this module");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("cannot read the class path: " + e.getMessage(), e);
        }
    }

    private static List<String> explain(String className, byte[] classFile, Weaver weaver) {
        try {
            // the weaver skips a class woven by its own version and reports one woven by another
            Optional<byte[]> woven = weaver.weave(classFile);
            if (woven.isEmpty() && WovenMarker.isWoven(classFile)) {
                return ExplanationReader.read(classFile).lines();
            }
            return woven.isPresent()
                    ? ExplanationReader.read(woven.get()).lines()
                    : List.of(className + ": nothing to weave (no suspendable method calls a suspendable method)");
        } catch (WeaveException e) {
            return Stream.concat(Stream.of(className + " cannot be woven:"),
                    e.diagnostics().stream().map(Diagnostic::toString).map(line -> "  " + line)).toList();
        }
    }
}
