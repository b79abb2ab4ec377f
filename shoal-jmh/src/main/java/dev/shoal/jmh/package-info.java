/**
 * JMH microbenchmarks of the hot paths, each beside the machine's memory-copy bandwidth measured the same way.
 *
 * <pre>{@code
 * bin/shoal bench jmh                          # all of them, JMH's defaults
 * bin/shoal bench jmh -f 1 -wi 3 -i 5 Codec    # JMH's own options and a name filter
 * }</pre>
 *
 * <p>Throughput benchmarks report operations per second; each class's javadoc says how an operation converts to
 * GB/s or rows/s. {@link dev.shoal.jmh.MemoryCopyBenchmark} is the reference: a plain array copy and a copy
 * into a direct buffer of the same size.
 */
package dev.shoal.jmh;
