package policyqa.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import java.util.Collections;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch 2.19 node on loopback, started from the server jar on
 * Maven Central (no distribution): Netty4 HTTP and transport, the common
 * analysis module, no security plugin. policyqa's retrieval tests start two
 * of these (scripts/opensearch/cluster.sh) to get a real two-node cluster.
 *
 * <p>Arguments: NODE_NAME HOME_DIR HTTP_PORT TRANSPORT_PORT SEED_HOSTS
 * INITIAL_MANAGERS, where SEED_HOSTS is a comma list of host:transport_port
 * and INITIAL_MANAGERS a comma list of node names. The node runs until the
 * JVM is stopped (SIGTERM closes it cleanly).
 */
public final class LoopbackNode {
    private LoopbackNode() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: LoopbackNode NAME HOME HTTP_PORT TRANSPORT_PORT SEED_HOSTS INITIAL_MANAGERS");
            System.exit(2);
        }
        Path home = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("config"));
        Settings settings = Settings.builder()
            .put("cluster.name", "policyqa-test")
            .put("node.name", args[0])
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", args[2])
            .put("transport.port", args[3])
            .putList("discovery.seed_hosts", List.of(args[4].split(",")))
            .putList("cluster.initial_cluster_manager_nodes", List.of(args[5].split(",")))
            // Two small nodes on a shared 2-core machine: no disk watermarks
            // (the test host's disk may be fuller than 85%), small queues.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("node.processors", 1)
            .build();
        LogConfigurator.configureWithoutConfig(settings);
        Node node = new ClasspathNode(
            InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), home.resolve("config"), () -> args[0]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        node.start();
        System.out.println("node " + args[0] + " started: http://127.0.0.1:" + args[2]);
        stopped.await();
    }

    /** A node whose plugins are classes on the classpath (no plugins folder). */
    static final class ClasspathNode extends Node {
        ClasspathNode(org.opensearch.env.Environment env) {
            super(env, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
        }
    }
}
