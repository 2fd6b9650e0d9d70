import { config } from 'zod'
import { MealPaymentCreate } from '@egj/shared'
// the whole BFF's module graph, as main.ts loads it: nothing in it may turn the JIT off
import '../app'

describe("zod's JIT in the BFF", () => {
  it('is on: request bodies parse through compiled object parsers', () => {
    expect(config().jitless).toBeFalsy()
    // zod compiles an object schema's parser with `new Function` on its first synchronous parse
    const compile = jest.spyOn(globalThis, 'Function')
    try {
      const parsed = MealPaymentCreate.safeParse({ code: 'https://egj.example.cn/q/m/1', amountFen: 1500, method: 'account' })
      expect(parsed.success).toBe(true)
      expect(compile).toHaveBeenCalled()
    } finally {
      compile.mockRestore()
    }
  })
})
