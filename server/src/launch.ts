// How the language server process is started, shared by the client (client/src/extension.ts), the
// benchmark and the server tests so that all three measure the same process.
//
// A small young generation: the analysis allocates in short bursts, and with V8's default the
// young generation alone can take tens of megabytes of resident memory per process. With 4 MB
// semi-spaces ten open 350 KB briefs stay well under 150 MB (bench/results.json); the cost is a
// few more, shorter, scavenges. The flag must be given at start-up: set later it has little effect.
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
