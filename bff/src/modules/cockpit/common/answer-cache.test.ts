import { CockpitAnswers } from './answer-cache'

describe('CockpitAnswers', () => {
  it('keeps an answer for its time, shares one computation among concurrent callers, and forgets on clear', async () => {
    let now = 0
    const answers = new CockpitAnswers(2_000, () => now)
    let computed = 0
    const compute = async () => ++computed
    expect(await Promise.all([answers.get('today:2026-12-07:0', compute), answers.get('today:2026-12-07:0', compute)])).toEqual([1, 1])
    now = 1_999
    expect(await answers.get('today:2026-12-07:0', compute)).toBe(1)
    expect(await answers.get('today:2026-12-07:5', compute)).toBe(2) // another scope is its own answer
    answers.clear()
    expect(await answers.get('today:2026-12-07:0', compute)).toBe(3)
    now = 5_000
    expect(await answers.get('today:2026-12-07:0', compute)).toBe(4)
  })

  it('does not keep a refusal', async () => {
    const answers = new CockpitAnswers(2_000, () => 0)
    await expect(answers.get('k', async () => Promise.reject(new Error('403')))).rejects.toThrow('403')
    expect(await answers.get('k', async () => 'ok')).toBe('ok')
  })
})
