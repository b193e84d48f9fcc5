package io.ioucontext.conformance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Generates the Java source of a random program: a {@code Shape} whose {@code run} calls a tree of
 * suspendable methods (method {@code m<i>} calls only {@code m<j>} with {@code j > i}) with random
 * parameters, locals of every type, nested ifs, loops, switches, try/catch/finally, and steps both as
 * statements and inside expressions (below other operands and among call arguments). Each method
 * folds every value it holds into a checksum it returns, so a value restored wrongly changes the
 * result. A fuel counter bounds the number of method calls per run.
 */
final class CallTreeGenerator {

    /** The value types of the generated code. */
    enum Kind {
        INT("int"), LONG("long"), FLOAT("float"), DOUBLE("double"), BOOLEAN("boolean"), BYTE("byte"), CHAR("char"),
        SHORT("short"), STRING("String"), INTS("int[]"), OBJECT("Object");

        final String java;

        Kind(String java) {
            this.java = java;
        }
    }

    private record Method(int index, boolean isStatic, List<Kind> parameters, Kind returns) {
    }

    private record Variable(String name, Kind kind) {
    }

    private static final int FUEL = 300;

    private final Random random;
    private final String packageName;
    private final String simpleName;
    private final List<Method> methods = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private final Deque<List<Variable>> scopes = new ArrayDeque<>();
    private Method current;
    private boolean inLambda;
    private int names;
    private int labels;

    private CallTreeGenerator(long seed, String packageName, String simpleName) {
        this.random = new Random(seed);
        this.packageName = packageName;
        this.simpleName = simpleName;
    }

    /** The source of class {@code packageName.simpleName}, fully determined by the seed. */
    static String generate(long seed, String packageName, String simpleName) {
        return new CallTreeGenerator(seed, packageName, simpleName).source();
    }

    private String source() {
        int count = 2 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            List<Kind> parameters = new ArrayList<>();
            for (int p = random.nextInt(5); p > 0; p--) {
                parameters.add(anyKind());
            }
            methods.add(new Method(i, i > 0 && random.nextBoolean(), parameters, i == 0 ? Kind.LONG : anyKind()));
        }
        out.append("package ").append(packageName).append(";\n\n")
                .append("import io.ioucontext.conformance.corpus.*;\nimport io.ioucontext.fiber.Suspendable;\n"
                        + "import io.ioucontext.fiber.SuspendableCallable;\n\n")
                .append("public final class ").append(simpleName).append(" implements Shape {\n")
                .append("    private static int fuel;\n\n")
                .append("    private static long mix(long h, long v) {\n        return h * 1_000_003L + v;\n    }\n\n")
                .append("    private static boolean unknown(boolean test) {\n        return test;\n    }\n\n")
                .append("    public Object run() throws Exception {\n        fuel = ").append(FUEL).append(";\n");
        current = methods.getFirst();
        scopes.push(new ArrayList<>());
        out.append("        return m0(").append(arguments(methods.getFirst(), 2)).append(");\n    }\n");
        scopes.pop();
        methods.forEach(this::method);
        out.append("}\n");
        return out.toString();
    }

    private void method(Method method) {
        current = method;
        names = 0;
        List<Variable> parameters = new ArrayList<>();
        StringBuilder signature = new StringBuilder();
        for (Kind kind : method.parameters()) {
            Variable parameter = new Variable("p" + parameters.size(), kind);
            parameters.add(parameter);
            signature.append(signature.isEmpty() ? "" : ", ").append(kind.java).append(' ').append(parameter.name());
        }
        out.append("\n    @Suspendable\n    ").append(method.isStatic() ? "static " : "").append(method.returns().java)
                .append(" m").append(method.index()).append('(').append(signature).append(") throws Exception {\n")
                .append("        if (--fuel < 0) {\n            return ").append(defaultOf(method.returns()))
                .append(";\n        }\n        long h = ").append(random.nextInt()).append("L;\n");
        scopes.push(parameters);
        scopes.push(new ArrayList<>());
        for (int locals = random.nextInt(6); locals > 0; locals--) {
            declare(2);
        }
        for (int statements = 1 + random.nextInt(5); statements > 0; statements--) {
            statement(2, 2);
        }
        for (List<Variable> scope : scopes) {
            for (Variable variable : scope) {
                line(2, "h = mix(h, " + hash(variable.kind(), variable.name()) + ");");
            }
        }
        scopes.pop();
        scopes.pop();
        line(2, "return " + fromChecksum(method.returns()) + ";");
        out.append("    }\n");
    }

    private void statement(int indent, int depth) {
        int choice = random.nextInt(depth > 0 ? 12 : 5);
        switch (choice) {
            case 0 -> line(indent, "Step.point(\"" + label() + "\");");
            case 1 -> declare(indent);
            case 2 -> assign(indent);
            case 3 -> {
                Kind kind = anyKind();
                line(indent, "h = mix(h, " + hash(kind, expression(kind, 2)) + ");");
            }
            case 4 -> callStatement(indent);
            case 5 -> {
                line(indent, "if (" + condition(expression(Kind.BOOLEAN, 2)) + ") {");
                block(indent, depth);
                line(indent, "} else {");
                block(indent, depth);
                line(indent, "}");
            }
            case 6 -> {
                String counter = "i" + names++;
                line(indent, "for (int " + counter + " = 0; " + counter + " < " + (1 + random.nextInt(3)) + "; "
                        + counter + "++) {");
                scopes.push(new ArrayList<>(List.of(new Variable(counter, Kind.INT))));
                blockStatements(indent + 1, depth - 1);
                scopes.pop();
                line(indent, "}");
            }
            case 7 -> {
                String exception = "e" + names++;
                line(indent, "try {");
                scopes.push(new ArrayList<>());
                blockStatements(indent + 1, depth - 1);
                line(indent + 1, "if (" + condition(expression(Kind.BOOLEAN, 2)) + ") {");
                line(indent + 2, "throw new IllegalStateException(\"t\" + " + expression(Kind.INT, 1) + ");");
                line(indent + 1, "}");
                blockStatements(indent + 1, depth - 1);
                scopes.pop();
                line(indent, "} catch (IllegalStateException " + exception + ") {");
                line(indent + 1, "h = mix(h, " + exception + ".getMessage().hashCode());");
                block(indent, depth);
                line(indent, "}");
            }
            case 8 -> {
                line(indent, "try {");
                block(indent, depth);
                line(indent, "} finally {");
                line(indent + 1, "h = mix(h, 11);");
                block(indent, depth);
                line(indent, "}");
            }
            case 9 -> {
                line(indent, "switch ((" + expression(Kind.INT, 2) + ") & 3) {");
                for (String label : List.of("case 0", "case 1", "default")) {
                    line(indent + 1, label + " -> {");
                    block(indent + 1, depth);
                    line(indent + 1, "}");
                }
                line(indent, "}");
            }
            case 10 -> lambda(indent);
            default -> {
                if (random.nextBoolean()) {
                    line(indent, "Step.point(\"" + label() + "\");");
                } else {
                    // uncaught here: a caller's try catches it, or the program ends with it
                    line(indent, "if (" + condition("(" + expression(Kind.INT, 2) + " & 7) == 0") + ") {");
                    line(indent + 1, "throw new IllegalStateException(\"u\" + " + expression(Kind.INT, 1) + ");");
                    line(indent, "}");
                }
            }
        }
    }

    /**
     * A suspendable lambda whose body suspends, called at once. It captures only parameters (never
     * assigned, so effectively final); a {@code SuspendableCallable} is a functional interface, so
     * the call site is marked functional.
     */
    private void lambda(int indent) {
        Kind kind = printableKind();
        String name = "f" + names++;
        inLambda = true;
        String body = expression(kind, 2);
        inLambda = false;
        line(indent, "SuspendableCallable<Object> " + name + " = () -> " + step(kind, body) + ";");
        line(indent, "h = mix(h, java.util.Objects.hashCode(" + name + ".call()));");
    }

    /**
     * An if-condition javac cannot evaluate at compile time: behind a constant condition (even one
     * like {@code h != 0 && false}) it emits no code, yet emits the bodies of the lambdas written
     * there (see {@link UnusualJavacShapesTest}), so the branch would test nothing.
     */
    private static String condition(String test) {
        return "unknown(" + test + ")";
    }

    private void block(int indent, int depth) {
        scopes.push(new ArrayList<>());
        blockStatements(indent + 1, depth - 1);
        scopes.pop();
    }

    private void blockStatements(int indent, int depth) {
        for (int count = 1 + random.nextInt(3); count > 0; count--) {
            statement(indent, depth);
        }
    }

    private void declare(int indent) {
        Kind kind = anyKind();
        Variable variable = new Variable("v" + names++, kind);
        line(indent, kind.java + " " + variable.name() + " = " + expression(kind, 2) + ";");
        scopes.peek().add(variable);
    }

    private void assign(int indent) {
        List<Variable> visible = visible(null).stream().filter(v -> !v.name().startsWith("p")).toList();
        if (visible.isEmpty()) {
            declare(indent);
            return;
        }
        Variable target = visible.get(random.nextInt(visible.size()));
        if (target.name().startsWith("i")) {
            // loop counters stay untouched so that loops end; parameters too, so that lambdas capture them
            line(indent, "h = mix(h, " + target.name() + ");");
            return;
        }
        line(indent, target.name() + " = " + expression(target.kind(), 2) + ";");
    }

    private void callStatement(int indent) {
        List<Method> callees = callees(null);
        if (callees.isEmpty()) {
            line(indent, "Step.point(\"" + label() + "\");");
            return;
        }
        Method callee = callees.get(random.nextInt(callees.size()));
        line(indent, "h = mix(h, " + hash(callee.returns(), call(callee, 2)) + ");");
    }

    private String expression(Kind kind, int depth) {
        int choice = depth <= 0 ? random.nextInt(2) : random.nextInt(6);
        return switch (choice) {
            case 0 -> literal(kind);
            case 1 -> {
                List<Variable> visible = visible(kind);
                yield visible.isEmpty() ? literal(kind) : visible.get(random.nextInt(visible.size())).name();
            }
            case 2 -> step(kind, expression(kind, depth - 1));
            case 3 -> {
                List<Method> callees = callees(kind);
                yield callees.isEmpty() ? step(kind, literal(kind))
                        : call(callees.get(random.nextInt(callees.size())), depth - 1);
            }
            default -> composite(kind, depth - 1);
        };
    }

    private String composite(Kind kind, int depth) {
        return switch (kind) {
            case INT -> switch (random.nextInt(5)) {
                case 0 -> "(" + expression(Kind.INT, depth) + " + " + expression(Kind.INT, depth) + ")";
                case 1 -> "(int) " + expression(Kind.LONG, depth);
                case 2 -> expression(Kind.STRING, depth) + ".length()";
                case 3 -> "(" + expression(Kind.INTS, depth) + ")[0]";
                default -> "(" + expression(Kind.BOOLEAN, depth) + " ? " + expression(Kind.INT, depth) + " : "
                        + expression(Kind.INT, depth) + ")";
            };
            case LONG -> random.nextBoolean()
                    ? "(" + expression(Kind.LONG, depth) + " * " + expression(Kind.INT, depth) + ")"
                    : "(" + expression(Kind.CHAR, depth) + " - " + expression(Kind.LONG, depth) + ")";
            case FLOAT -> "(" + expression(Kind.FLOAT, depth) + " + " + expression(Kind.SHORT, depth) + ")";
            case DOUBLE -> "(" + expression(Kind.DOUBLE, depth) + " * " + expression(Kind.FLOAT, depth) + " - "
                    + expression(Kind.LONG, depth) + ")";
            case BOOLEAN -> switch (random.nextInt(4)) {
                case 0 -> "(" + expression(Kind.INT, depth) + " < " + expression(Kind.BYTE, depth) + ")";
                case 1 -> "(" + expression(Kind.BOOLEAN, depth) + " && " + expression(Kind.BOOLEAN, depth) + ")";
                case 2 -> "(" + expression(Kind.BOOLEAN, depth) + " || " + expression(Kind.BOOLEAN, depth) + ")";
                default -> "!" + expression(Kind.BOOLEAN, depth);
            };
            case BYTE -> "(byte) (" + expression(Kind.BYTE, depth) + " + " + expression(Kind.INT, depth) + ")";
            case CHAR -> "(char) (" + expression(Kind.CHAR, depth) + " + 1)";
            case SHORT -> "(short) (" + expression(Kind.SHORT, depth) + " * " + expression(Kind.INT, depth) + ")";
            case STRING -> "(" + expression(Kind.STRING, depth) + " + " + expression(printableKind(), depth) + ")";
            case INTS -> "new int[] {" + expression(Kind.INT, depth) + ", " + expression(Kind.INT, depth) + "}";
            case OBJECT -> random.nextBoolean() ? "Integer.valueOf(" + expression(Kind.INT, depth) + ")"
                    : "(" + expression(Kind.BOOLEAN, depth) + " ? " + expression(Kind.STRING, depth) + " : "
                    + expression(Kind.OBJECT, depth) + ")";
        };
    }

    private String step(Kind kind, String value) {
        String label = "\"" + label() + "\"";
        return switch (kind) {
            case INT -> "Step.intValue(" + label + ", " + value + ")";
            case LONG -> "Step.longValue(" + label + ", " + value + ")";
            case FLOAT -> "Step.floatValue(" + label + ", " + value + ")";
            case DOUBLE -> "Step.doubleValue(" + label + ", " + value + ")";
            case BOOLEAN -> "Step.booleanValue(" + label + ", " + value + ")";
            case BYTE -> "Step.byteValue(" + label + ", " + value + ")";
            case CHAR -> "Step.charValue(" + label + ", " + value + ")";
            case SHORT -> "Step.shortValue(" + label + ", " + value + ")";
            case STRING, INTS, OBJECT -> "Step.<" + kind.java + ">value(" + label + ", " + value + ")";
        };
    }

    private String call(Method callee, int depth) {
        return "m" + callee.index() + "(" + arguments(callee, depth) + ")";
    }

    private String arguments(Method callee, int depth) {
        List<String> arguments = new ArrayList<>();
        for (Kind kind : callee.parameters()) {
            arguments.add(expression(kind, depth));
        }
        return String.join(", ", arguments);
    }

    private List<Method> callees(Kind returning) {
        return methods.stream()
                .filter(m -> m.index() > current.index() && (!current.isStatic() || m.isStatic()))
                .filter(m -> returning == null || m.returns() == returning)
                .toList();
    }

    private List<Variable> visible(Kind kind) {
        List<Variable> visible = new ArrayList<>();
        for (List<Variable> scope : inLambda ? List.of(scopes.getLast()) : scopes) {
            scope.stream().filter(v -> kind == null || v.kind() == kind).forEach(visible::add);
        }
        return visible;
    }

    private String literal(Kind kind) {
        int n = random.nextInt(2001) - 1000;
        return switch (kind) {
            case INT -> random.nextInt(10) == 0 ? "Integer.MIN_VALUE" : Integer.toString(n);
            case LONG -> random.nextInt(10) == 0 ? "Long.MAX_VALUE" : n * 1_000_003L + "L";
            case FLOAT -> random.nextInt(10) == 0 ? "Float.NaN" : n / 8f + "f";
            case DOUBLE -> random.nextInt(10) == 0 ? "-0.0" : Double.toString(n / 16.0);
            case BOOLEAN -> Boolean.toString(random.nextBoolean());
            case BYTE -> "(byte) " + (n % 128);
            case CHAR -> "(char) " + (n + 1000);
            case SHORT -> "(short) " + (n * 30);
            case STRING -> "\"s" + n + "\"";
            case INTS -> "new int[] {" + n + "}";
            case OBJECT -> random.nextBoolean() ? "null" : "\"o" + n + "\"";
        };
    }

    private static String hash(Kind kind, String value) {
        return switch (kind) {
            case INT, LONG, BYTE, CHAR, SHORT -> value;
            case FLOAT -> "Float.floatToIntBits(" + value + ")";
            case DOUBLE -> "Double.doubleToLongBits(" + value + ")";
            case BOOLEAN -> "(" + value + " ? 1L : 2L)";
            case STRING -> value + ".hashCode()";
            case INTS -> "java.util.Arrays.hashCode(" + value + ")";
            case OBJECT -> "java.util.Objects.hashCode(" + value + ")";
        };
    }

    private static String fromChecksum(Kind kind) {
        return switch (kind) {
            case INT -> "(int) h";
            case LONG -> "h";
            case FLOAT -> "(float) h";
            case DOUBLE -> "h / 3.0";
            case BOOLEAN -> "(h & 1) == 0";
            case BYTE -> "(byte) h";
            case CHAR -> "(char) h";
            case SHORT -> "(short) h";
            case STRING -> "Long.toString(h, 36)";
            case INTS -> "new int[] {(int) h, (int) (h >>> 32)}";
            case OBJECT -> "(h & 1) == 0 ? null : Long.valueOf(h)";
        };
    }

    private static String defaultOf(Kind kind) {
        return switch (kind) {
            case INT, LONG, FLOAT, DOUBLE, BYTE, CHAR, SHORT -> "(" + kind.java + ") 0";
            case BOOLEAN -> "false";
            case STRING -> "\"\"";
            case INTS -> "new int[] {0}";
            case OBJECT -> "null";
        };
    }

    private Kind anyKind() {
        Kind[] kinds = Kind.values();
        return kinds[random.nextInt(kinds.length)];
    }

    /** A kind whose string form does not depend on identity hash codes (not an array). */
    private Kind printableKind() {
        Kind kind = anyKind();
        return kind == Kind.INTS ? Kind.INT : kind;
    }

    private String label() {
        return "m" + current.index() + "." + labels++;
    }

    private void line(int indent, String text) {
        out.append("    ".repeat(indent)).append(text).append('\n');
    }
}
