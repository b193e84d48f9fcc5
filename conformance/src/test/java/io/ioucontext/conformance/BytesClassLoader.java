package io.ioucontext.conformance;

import java.util.Map;

/** Defines classes from bytes held in memory; everything else comes from its parent. */
final class BytesClassLoader extends ClassLoader {

    private final Map<String, byte[]> classes;

    /** @param classes class files by binary name ({@code a.b.C}) */
    BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
        super(parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
