/**
 * Programs the agent tests run, in a package of their own because the agent never weaves its own
 * package.
 */
package io.ioucontext.agenttest;
