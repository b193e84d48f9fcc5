package io.ioucontext.instrument;

/**
 * One reason a class cannot be woven, located in the source the user wrote.
 *
 * @param className  the class, as a binary name with dots ({@code com.acme.Foo})
 * @param method     the method's name
 * @param sourceFile the source file name, or {@code "Unknown Source"}
 * @param line       the line number, or {@code -1} when unknown
 * @param message    what is wrong
 */
public record Diagnostic(String className, String method, String sourceFile, int line, String message) {

    /** {@code Class.method(File.java:line): message}, the way a stack trace names a frame. */
    @Override
    public String toString() {
        String where = line >= 0 ? sourceFile + ":" + line : sourceFile;
        return className + "." + method + "(" + where + "): " + message;
    }
}
