import { takeEarlyAnswer } from './early'

// The answers H5's inline script asked for before the app ran (config/h5-delivery.ts): taken once,
// by a request with the same token, while fresh — never handed to another user or served stale.
const globals = globalThis as { __egjEarly?: Record<string, unknown> }
const early = (token: string, at = Date.now(), text = '{"name":"张三"}') => ({ token, at, answer: Promise.resolve({ status: 200, text }) })

afterEach(() => delete globals.__egjEarly)

it('hands the answer to the first request for its URL and token, once', async () => {
  globals.__egjEarly = { '/api/v1/me': early('t1') }
  await expect(takeEarlyAnswer('/api/v1/me', 'Bearer t1')).resolves.toEqual({ statusCode: 200, data: { name: '张三' } })
  expect(takeEarlyAnswer('/api/v1/me', 'Bearer t1')).toBeUndefined()
})

it('keeps it from another token, another URL and a late request', () => {
  globals.__egjEarly = { '/api/v1/me': early('t1'), '/api/v1/todos': early('t1', Date.now() - 60_000) }
  expect(takeEarlyAnswer('/api/v1/me?x=1', 'Bearer t1')).toBeUndefined()
  expect(takeEarlyAnswer('/api/v1/me', 'Bearer t2')).toBeUndefined()
  expect(takeEarlyAnswer('/api/v1/todos', 'Bearer t1')).toBeUndefined()
  expect(takeEarlyAnswer('/api/v1/me', undefined)).toBeUndefined()
})

it('passes an answer that is not JSON through as text', async () => {
  globals.__egjEarly = { '/api/v1/me': early('t1', Date.now(), 'Bad Gateway') }
  await expect(takeEarlyAnswer('/api/v1/me', 'Bearer t1')).resolves.toEqual({ statusCode: 200, data: 'Bad Gateway' })
})
