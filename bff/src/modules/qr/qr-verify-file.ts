import type Router from '@koa/router'
import type { Env } from '../../env'
import { AppError } from '../../lib/errors'

/**
 * 扫普通链接二维码打开小程序: before it saves the rule `https://<domain>/q/`, WeChat fetches the
 * random verification file it handed out from under that prefix (`/q/<name>.txt`). Printed codes
 * are `/q/<kind>/<token>` (two segments), so a single `*.txt` segment never shadows one.
 */
export function mountQrVerifyFile(router: Router, file: Env['WECHAT_QR_VERIFY_FILE']): void {
  router.get('/q/:name', (ctx) => {
    if (!file || ctx.params.name !== file.name) throw new AppError('NOT_FOUND')
    ctx.type = 'text/plain; charset=utf-8'
    ctx.body = file.content
  })
}
