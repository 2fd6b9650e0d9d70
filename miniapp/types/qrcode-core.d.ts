/** The encoder inside `qrcode` (no renderer, no canvas): what the pass page draws from. */
declare module 'qrcode/lib/core/qrcode' {
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): {
    modules: { size: number; data: Uint8Array; get: (row: number, col: number) => boolean | number }
  }
}
