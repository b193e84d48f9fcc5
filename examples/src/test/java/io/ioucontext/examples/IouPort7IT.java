package io.ioucontext.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs IouPort7 in a child JVM and talks to it with the JDK's own sockets. */
class IouPort7IT {

    private static final int TIMEOUT_MS = 30_000;

    @Test
    void echoesTcpAndUdpOverIpv4AndIpv6ThenStopsOnSigint() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {  // a port that was free a moment ago
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath(), IouPort7.class.getName(), Integer.toString(port))
                .start();
        List<String> log = new ArrayList<>();
        try (BufferedReader stderr = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
            while (log.size() < 2) {
                String line = stderr.readLine();
                assertNotNull(line, () -> "iou-port7 ended early: " + log);
                log.add(line);
            }
            assertEquals(List.of("tcp starting on :: port " + port, "udp starting on :: port " + port), log);
            for (InetAddress loopback : List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"))) {
                InetSocketAddress service = new InetSocketAddress(loopback, port);
                tcpEcho(service, 10);
                tcpEcho(service, 100_000);
                udpEcho(service);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();
            assertTrue(server.waitFor(1, TimeUnit.MINUTES), "iou-port7 did not stop on SIGINT");
            stderr.lines().forEach(log::add);
        } finally {
            server.destroyForcibly();
        }
        assertEquals(0, server.exitValue(), () -> String.join("\n", log));
        String transcript = String.join("\n", log);
        for (String peer : List.of("127\\.0\\.0\\.1", "0:0:0:0:0:0:0:1")) {
            assertTrue(log.stream().anyMatch(line -> line.matches("tcp accept " + peer + " port \\d+")), transcript);
            assertTrue(log.contains("udp recv 7 bytes from " + peer.replace("\\", "")), transcript);
        }
        assertTrue(log.containsAll(List.of("caught SIGINT", "remove tcp", "remove udp")), transcript);
    }

    private static void tcpEcho(InetSocketAddress service, int size) throws Exception {
        byte[] sent = new byte[size];
        new Random(size).nextBytes(sent);
        try (Socket socket = new Socket()) {
            socket.connect(service, TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            // Send from another thread: the echo comes back while we are still sending.
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(sent);
                    socket.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            InputStream in = socket.getInputStream();
            byte[] received = in.readAllBytes();
            sending.get();
            assertArrayEquals(sent, received, "TCP echo over " + service);
        }
    }

    private static void udpEcho(InetSocketAddress service) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(service.getAddress(), 0))) {
            socket.setSoTimeout(TIMEOUT_MS);
            byte[] payload = "datagram".substring(1).getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(payload, payload.length, service));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            socket.receive(reply);
            assertArrayEquals(payload, Arrays.copyOf(reply.getData(), reply.getLength()), "UDP echo over " + service);
        }
    }

    private static String classpath() throws Exception {
        String runtime = Files.readString(Path.of(System.getProperty("iou.examples.classpath.file"))).strip();
        return System.getProperty("iou.examples.classes") + File.pathSeparator + runtime;
    }
}
