/** A package-private class with a suspendable public method, reached through a visibility bridge. */
package io.ioucontext.conformance.corpus.hidden;
