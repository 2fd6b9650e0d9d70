import { z } from 'zod'

// Mini-programs forbid `new Function`; zod's JIT must be off before any schema is built.
// Every module in `shared` imports `z` from here so this runs first, in one place.
z.config({ jitless: true })

export { z }
