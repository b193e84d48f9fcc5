package io.ioucontext.instrument;

import java.util.List;

/**
 * The little {@link WeavingCandidates} needs to know about a class: its supertypes, and whether
 * its constant pool mentions {@code @Suspendable} at all (on the class, a method, anywhere).
 *
 * @param name                internal name
 * @param superName           the superclass, null for {@code java/lang/Object}
 * @param interfaces          directly implemented interfaces
 * @param mentionsSuspendable whether the class file holds the {@code @Suspendable} descriptor
 */
record ClassFileHeader(String name, String superName, List<String> interfaces, boolean mentionsSuspendable) {
}
