package dev.groupchat.neo4jlocal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs a Neo4j Community server in this JVM with Bolt on 127.0.0.1 only.
 *
 * <p>Usage: {@code Neo4jLocal <port> <dataDir> [--temporary]}. Prints one line starting with {@code READY}
 * once Bolt accepts connections. It stops when standard input closes, so a parent process that dies (or is
 * killed) never leaves this JVM behind. With {@code --temporary} the data folder is deleted on the way out;
 * without it the store is kept for the next start.
 */
public final class Neo4jLocal {
    private Neo4jLocal() {}

    public static void main(String[] args) throws IOException {
        boolean temporary = args.length == 3 && args[2].equals("--temporary");
        if (args.length != 2 && !temporary) {
            System.err.println("usage: Neo4jLocal <port> <dataDir> [--temporary]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        long started = System.nanoTime();

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.thread_pool_max_size, 64)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Sized for a 2-core machine shared with the tests themselves.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.tx_state_max_off_heap_memory, ByteUnit.mebiBytes(128))
                .setConfig(GraphDatabaseSettings.lock_acquisition_timeout, Duration.ofSeconds(30))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(120))
                .build();
        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");

        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown, "neo4j-local-shutdown"));
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.println("READY bolt://127.0.0.1:" + port + " " + elapsedMs + "ms");
        System.out.flush();

        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Nothing is read from the parent; the loop only waits for the pipe to close.
        }
        service.shutdown();
        if (temporary) deleteRecursively(dataDir);
        System.exit(0);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
