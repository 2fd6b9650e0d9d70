import { config, z } from 'zod'

// Zod compiles each object schema's parser with `new Function` (its JIT): several times faster, and
// the BFF parses every request body. The mini-app must not: mini-programs forbid `new Function`
// and the H5's CSP has no 'unsafe-eval' (the probe alone raises a CSP violation). So the JIT is
// off everywhere but Node — set here, before any schema is built (zod reads it when a schema is
// built), as every module in `shared` imports `z` from this one. miniapp/src/app.ts says it again
// for bundles that leave this module out (shared is declared side-effect free).
const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node
if (!node) config({ jitless: true })

export { z }
