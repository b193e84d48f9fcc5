/**
 * The {@code ioucontext-maven-plugin}: weaves {@code @Suspendable} methods into class files at build
 * time, in the output directories of a project ({@code weave}, {@code weave-tests}) or in a jar
 * ({@code weave-jar}).
 */
package io.ioucontext.maven;
