/**
 * Answers the H5 page's inline script asked for while the app's scripts downloaded
 * (config/h5-delivery.ts, `early`): the first request for the same URL with the same token takes
 * the answer instead of asking again. Each is taken once and only in the first seconds (later, it
 * would be stale). Elsewhere (weapp) there are none.
 */
interface Early {
  token: string
  at: number
  answer: Promise<{ status: number; text: string }>
}

const FRESH_MS = 15_000

export function takeEarlyAnswer(url: string, authorization: string | undefined): Promise<{ statusCode: number; data: unknown }> | undefined {
  const answers = (globalThis as { __egjEarly?: Record<string, Early> }).__egjEarly
  const early = answers?.[url]
  if (!early) return undefined
  delete answers[url]
  if (authorization !== `Bearer ${early.token}` || Date.now() - early.at > FRESH_MS) return undefined
  return early.answer.then(({ status, text }) => {
    let data: unknown = text
    try {
      data = JSON.parse(text)
    } catch {
      // not JSON: handled as any other non-JSON answer
    }
    return { statusCode: status, data }
  })
}
