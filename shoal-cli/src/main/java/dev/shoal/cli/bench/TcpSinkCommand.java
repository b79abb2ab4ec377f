package dev.shoal.cli.bench;

import dev.shoal.bench.tcp.TcpSink;
import dev.shoal.cli.node.StatusFileOption;
import dev.shoal.transport.status.NodeStatusFile;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shoal bench tcp-sink} (hidden): the receiving process of the plain-TCP reference.
 *
 * <pre>{@code
 * shoal bench tcp-sink --port 0 --status-file sink.json   # reports "ready" with 127.0.0.1:PORT, runs until stopped
 * }</pre>
 */
@Command(name = "tcp-sink", hidden = true, mixinStandardHelpOptions = true,
        description = "Discards what plain-TCP senders write, acknowledging as asked; runs until stopped.")
public final class TcpSinkCommand implements Callable<Integer> {
    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    StatusFileOption statusFile = new StatusFileOption();

    @Override
    public Integer call() throws Exception {
        NodeStatusFile status = statusFile.open("tcp-sink");
        try (TcpSink sink = TcpSink.open(host, port)) {
            System.out.println("tcp-sink listening on " + host + ":" + sink.port());
            System.out.flush();
            status.update(s -> s.ready(host + ":" + sink.port(), null));
            sink.serve();
        } catch (RuntimeException | IOException e) {
            status.update(s -> s.failed(StatusFileOption.oneLine(e)));
            throw e;
        }
        return 0;
    }
}
