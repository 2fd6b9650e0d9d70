import { config } from 'zod'

// shared has no Node types: the one Node global the test hides, typed here
const { process } = globalThis as unknown as { process: { versions: Record<string, string> } }

// zod keeps its config on globalThis, shared by every copy of the module: each test starts from none
beforeEach(() => config({ jitless: undefined }))
afterAll(() => config({ jitless: undefined }))

describe("zod's JIT", () => {
  it('is off outside Node: the mini-app (weapp forbids `new Function`, the H5 has no unsafe-eval)', () => {
    const versions = Object.getOwnPropertyDescriptor(process, 'versions')!
    Object.defineProperty(process, 'versions', { value: {}, configurable: true })
    try {
      jest.isolateModules(() => jest.requireActual('./zod'))
    } finally {
      Object.defineProperty(process, 'versions', versions)
    }
    expect(config().jitless).toBe(true)
  })

  it('is on in Node (the BFF parses every request body with it)', () => {
    jest.isolateModules(() => jest.requireActual('./zod'))
    expect(config().jitless).toBeFalsy()
  })
})
