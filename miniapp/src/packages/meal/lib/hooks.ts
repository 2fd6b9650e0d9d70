import { useEffect, useState } from 'react'

/** The current time, updated every second (for live clocks). */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
