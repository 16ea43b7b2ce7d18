import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The stack's Redis client (stack.sh's readiness probe, `stack.sh redis`, `status`, the security checks): RESP over
 * one TCP connection, AUTH with the password read from its file (never from a command line).
 *
 * <pre>
 *   RedisCall HOST:PORT [--password-file FILE [--user USER]] [--no-auth] COMMAND ARGS... [-- COMMAND ARGS...]
 *   RedisCall HOST:PORT [--password-file FILE] --alert-keys PATTERN
 * </pre>
 * Prints each reply, one scalar per line (arrays flattened, a nil as an empty line, an error as "-ERR ..."); the
 * commands run in turn on the same connection. --no-auth skips AUTH (the security checks' refusal tests); --user
 * authenticates as that ACL user (AUTH USER PASSWORD) instead of the default user.
 * --alert-keys: the keys matching PATTERN (SCAN) with their SCARD and TTL, and DBSIZE, as a table.
 * Exit: 0, 1 when a reply was an error (or AUTH failed), 3 when Redis cannot be reached.
 */
public class RedisCall {
    private final InputStream in;
    private final OutputStream out;
    private boolean sawError;

    private RedisCall(Socket socket) throws IOException {
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: RedisCall HOST:PORT [--password-file FILE] [--no-auth] COMMAND ARGS... [-- COMMAND ARGS...]"
                    + " | --alert-keys PATTERN");
            System.exit(2);
        }
        String address = args[0];
        int i = 1;
        Path passwordFile = null;
        boolean auth = true;
        String user = null;
        while (i < args.length && args[i].startsWith("--") && !args[i].equals("--") && !args[i].equals("--alert-keys")) {
            switch (args[i]) {
                case "--password-file" -> { passwordFile = Path.of(args[i + 1]); i += 2; }
                case "--no-auth" -> { auth = false; i++; }
                case "--user" -> { user = args[i + 1]; i += 2; }
                default -> { System.err.println("RedisCall: unknown option " + args[i]); System.exit(2); }
            }
        }
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 3000);
                socket.setSoTimeout(10_000);
            } catch (IOException e) {
                System.err.println("RedisCall: cannot connect to Redis at " + address + ": " + e.getMessage());
                System.exit(3);
            }
            RedisCall redis = new RedisCall(socket);
            if (auth && passwordFile != null) {
                String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
                Object reply = redis.call(user == null ? List.of("AUTH", password) : List.of("AUTH", user, password));
                if (!"OK".equals(reply)) {
                    System.out.println(reply instanceof RedisError e ? e.text : String.valueOf(reply));
                    System.exit(1);
                }
            }
            if (args[i].equals("--alert-keys")) {
                redis.alertKeys(args[i + 1]);
            } else {
                List<String> command = new ArrayList<>();
                for (; i <= args.length; i++) {
                    if (i == args.length || args[i].equals("--")) {
                        if (!command.isEmpty()) redis.print(redis.call(command));
                        command = new ArrayList<>();
                    } else {
                        command.add(args[i]);
                    }
                }
            }
            System.out.flush();
            System.exit(redis.sawError ? 1 : 0);
        } catch (IOException e) {
            System.out.flush();
            System.err.println("RedisCall: " + address + ": " + e);
            System.exit(3);
        }
    }

    private void alertKeys(String pattern) throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        String cursor = "0";
        do {
            Object reply = call(List.of("SCAN", cursor, "MATCH", pattern, "COUNT", "1000"));
            if (!(reply instanceof List<?> page) || page.size() != 2) {
                System.out.println("Redis: no reply to SCAN");
                sawError = true;
                return;
            }
            cursor = String.valueOf(page.get(0));
            for (Object k : (List<?>) page.get(1)) keys.add(String.valueOf(k));
        } while (!cursor.equals("0"));
        System.out.println("REDIS ALERT KEY (yyyyMMdd)  MEMBERS  TTL(s)");
        if (keys.isEmpty()) {
            System.out.println("(none)");
            return;
        }
        for (String k : keys) {
            System.out.printf("%-27s %-8s %s%n", k, call(List.of("SCARD", k)), call(List.of("TTL", k)));
        }
        System.out.println("total keys in db 0: " + call(List.of("DBSIZE")));
    }

    private Object call(List<String> command) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : command) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            buf.writeBytes(b);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(buf.toByteArray());
        out.flush();
        return read();
    }

    record RedisError(String text) {}

    /** One reply: String (simple, bulk), Long, null (nil), RedisError, or a List of those. */
    private Object read() throws IOException {
        String line = readLine();
        if (line.isEmpty()) throw new IOException("empty reply line");
        String rest = line.substring(1);
        return switch (line.charAt(0)) {
            case '+' -> rest;
            case ':' -> Long.parseLong(rest);
            case '-' -> new RedisError(line);
            case '$' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) yield null;
                byte[] b = in.readNBytes(n + 2);
                if (b.length < n + 2) throw new IOException("connection closed in a bulk reply");
                yield new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(rest);
                List<Object> items = new ArrayList<>();
                for (int k = 0; k < n; k++) items.add(read());
                yield n < 0 ? null : items;
            }
            default -> throw new IOException("unexpected reply: " + line);
        };
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            line.write(c);
        }
        if (c == -1 && line.size() == 0) throw new IOException("connection closed by Redis");
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private void print(Object reply) {
        if (reply instanceof List<?> items) {
            for (Object item : items) print(item);
        } else if (reply instanceof RedisError e) {
            sawError = true;
            System.out.println(e.text);
        } else {
            System.out.println(reply == null ? "" : reply);
        }
    }
}
