// Stands in for the 'server-only' marker in the /api bundle (scripts/build-api.mjs), which only ever runs on the server.
