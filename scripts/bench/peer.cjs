// The peer: a do-nothing function on the kpt TypeScript SDK (kpt-functions' run()), which parses
// and serialises with js-yaml (and drops comments).
const { run } = require('kpt-functions');
async function identity() {}
identity.usage = 'identity function (benchmark peer)';
run(identity);
