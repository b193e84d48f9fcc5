/**
 * {@link io.ioucontext.instrument.ClassFileSource}s over the places class files live: directories
 * and jars, class loaders, and the running JDK. None of them loads a class.
 */
package io.ioucontext.instrument.classpath;
