package io.ioucontext.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves a jar, typically a dependency built without this plugin, into a new jar. The input is a
 * file ({@code inputJar}) or a dependency of the project ({@code dependency}). The class hierarchy
 * is read from the jar itself, then {@code classpath}, then the project's runtime class path, then
 * the JDK. Usable without a project:
 * {@code mvn io.ioucontext:ioucontext-maven-plugin:weave-jar -Diou.weave.inputJar=lib.jar
 * -Diou.weave.outputJar=lib-woven.jar -Diou.weave.classpath=ioucontext-reactor.jar,other.jar}.
 */
@Mojo(name = "weave-jar", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresDependencyResolution = ResolutionScope.RUNTIME, requiresProject = false, threadSafe = true)
public class WeaveJarMojo extends AbstractWeaveMojo {

    /** Where a multi-release jar keeps the classes of each Java release ({@code META-INF/versions/N/}). */
    private static final String VERSIONS = "META-INF/versions/";

    /** The jar to weave; give either this or {@code dependency}. */
    @Parameter(property = "iou.weave.inputJar")
    private File inputJar;

    /**
     * The project dependency to weave, as {@code groupId:artifactId}: its resolved jar is the input.
     * Give either this or {@code inputJar}.
     */
    @Parameter(property = "iou.weave.dependency")
    private String dependency;

    /** Where to write the woven jar; may be the input jar itself. */
    @Parameter(property = "iou.weave.outputJar", required = true)
    private File outputJar;

    /**
     * Further jars or directories the input jar's classes refer to (supertypes, call targets,
     * suspendable interfaces), read before the project's runtime class path; comma-separated on the
     * command line.
     */
    @Parameter(property = "iou.weave.classpath")
    private List<File> classpath = List.of();

    @Override
    protected void resolveInputs() throws MojoExecutionException {
        if ((inputJar == null) == (dependency == null)) {
            throw new MojoExecutionException("weave-jar needs exactly one of inputJar and dependency");
        }
        if (dependency != null) {
            inputJar = project().getArtifacts().stream()
                    .filter(artifact -> dependency.equals(artifact.getGroupId() + ":" + artifact.getArtifactId()))
                    .map(Artifact::getFile)
                    .findFirst()
                    .orElseThrow(() -> new MojoExecutionException("no resolved dependency " + dependency
                            + " among the project's runtime dependencies"));
        }
    }

    @Override
    protected List<Path> hierarchy() throws DependencyResolutionRequiredException {
        List<Path> hierarchy = new ArrayList<>();
        hierarchy.add(inputJar.toPath());
        classpath.stream().map(File::toPath).forEach(hierarchy::add);
        hierarchy.addAll(paths(project().getRuntimeClasspathElements()));
        return hierarchy;
    }

    /**
     * The jar's classes, but for those a multi-release jar has other versions of: which one runs is
     * only known at run time, so calls to them keep their ordinary entry.
     */
    @Override
    protected Predicate<String> wovenTogether() throws IOException {
        try (JarFile jar = new JarFile(inputJar)) {
            Set<String> classes = jar.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .collect(Collectors.toSet());
            Set<String> versioned = classes.stream().filter(name -> name.startsWith(VERSIONS))
                    .map(name -> name.substring(name.indexOf('/', VERSIONS.length()) + 1))
                    .collect(Collectors.toSet());
            classes.removeAll(versioned);
            return Set.copyOf(classes)::contains;
        }
    }

    @Override
    protected String description() {
        return inputJar + " -> " + outputJar;
    }

    @Override
    protected WeaveReport weave(WeaveSession session) throws IOException {
        return new JarWeaver(session, getLog()).weave(inputJar.toPath(), outputJar.toPath());
    }
}
