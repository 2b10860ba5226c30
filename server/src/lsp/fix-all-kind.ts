// The code action kind of Pincite's fix-all, in one place: the server advertises it (server.ts,
// which stays free of the engine so it can answer `initialize` at once), its code actions carry it
// (codeActions.ts), and the client asks for it (client/src/extension.ts). A kind under LSP's
// `source.fixAll` (a test checks it), so editors run it on "fix all" on save.
export const FIX_ALL_KIND = 'source.fixAll.pincite';
