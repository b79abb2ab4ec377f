package dev.shoal.cli.bench;

import dev.shoal.bench.tcp.TcpSink;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shoal bench tcp-sink} (hidden): the receiving process of the plain-TCP reference.
 *
 * <pre>{@code
 * shoal bench tcp-sink --port 0     # prints "tcp-sink listening on 127.0.0.1:PORT", runs until stopped
 * }</pre>
 */
@Command(name = "tcp-sink", hidden = true, mixinStandardHelpOptions = true,
        description = "Discards what plain-TCP senders write, acknowledging as asked; runs until stopped.")
public final class TcpSinkCommand implements Callable<Integer> {
    /** Printed with the bound address once the sink accepts connections. */

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        try (TcpSink sink = TcpSink.open(host, port)) {
            System.out.println(TcpSink.READY + host + ":" + sink.port());
            System.out.flush();
            sink.serve();
        }
        return 0;
    }
}
