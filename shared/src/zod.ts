import { config, z } from 'zod'

// Mini-programs forbid `new Function`; zod's JIT must be off before any schema is built.
// Every module in `shared` imports `z` from here so this runs first on the BFF. The mini-app's
// bundler may skip this module (shared is declared side-effect free, so only the schemas it uses
// are kept), so miniapp/src/app.ts turns the JIT off there itself.
config({ jitless: true })

export { z }
