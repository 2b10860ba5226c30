// Everything in the server that needs the citation engine's modules at load time. server.ts loads
// this module on first use (a `require`, which the bundler turns into a lazily evaluated part of
// dist/server.js) and, unprompted, right after answering `initialize`: evaluating the engine (its
// reporter tables, the bundled authority table, normalization tables) is most of the server's
// start-up, and the handshake need not wait for it. Only modules that are cheap to load belong in
// server.ts's own imports; a feature whose module imports from server/src/engine goes here.
export { createEngine } from './engine';
export { onCodeAction, FIX_ALL_KIND } from './codeActions';
export { onCompletion } from './completion';
export { onDefinition } from './definition';
export { onAuthorityAt, onHover } from './hover';
export { onDocumentSymbols } from './symbols';
