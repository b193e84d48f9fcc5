/**
 * The {@code -javaagent} that weaves {@code @Suspendable} methods as classes are loaded: an
 * alternative to build-time weaving for code that was not built with the Maven plugin.
 */
package io.ioucontext.agent;
