package io.ioucontext.agenttest;

/** The simplest {@link Polite}. */
public record PoliteGreeter(String name) implements Polite {}
