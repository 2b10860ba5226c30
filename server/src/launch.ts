// How the language server process is started, shared by the client (client/src/extension.ts), the
// benchmark and the server tests so that all three measure the same process.
//
// A small young generation: the analysis allocates in short bursts, and with V8's default the
// young generation alone can take tens of megabytes of resident memory per process. With 4 MB
// semi-spaces ten open 350 KB briefs stay well under 150 MB (bench/results.json); the cost is a
// few more, shorter, scavenges. The flag must be given at start-up: set later it has little effect.
//
// Half V8's budget for inlining into one optimized function (920 bytes of bytecode by default).
// A server meets its first large document with none of the engine optimized, and the optimizing
// compiler, on a background thread, took 170 ms to compile `toCitation` alone with every callee
// inlined; until it is done the citations go through unoptimized code. With less inlined each
// compile finishes sooner: a fresh server's first 5 MB open went from 1.07 s to 0.93 s (medians of
// ten alternated runs, Node 20; 0.85 to 0.80 s on Node 24), while typing and the analysis of a
// document once the code is optimized did not change measurably (README, Benchmarks).
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4', '--max-inlined-bytecode-size-cumulative=460'];

// Added to the server's environment. glibc's malloc raises its mmap threshold each time a large
// block is freed, so later large blocks (buffers of open documents, incoming messages) come from
// its heap and stay resident after they are freed; a fixed threshold keeps them mapped on their
// own and returns them to the system when freed. Ten briefs open: about 7 MB less; closed: about
// 16 MB more of it given back (bench/results.json). Other C libraries ignore the variable.
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };
