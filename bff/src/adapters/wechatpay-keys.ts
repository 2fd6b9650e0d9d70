/**
 * Key material for WeChat Pay in tests and the demo only: a merchant key pair (ours), a platform
 * key pair (the simulator's, standing in for 微信支付公钥), a merchant serial, a PUB_KEY_ID_… and an
 * APIv3 key. Production keys come from the merchant platform (商户平台) and never from here.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto'
import { z } from 'zod'

const DevKeysSchema = z.object({
  merchantPrivateKeyPem: z.string().includes('PRIVATE KEY'),
  merchantPublicKeyPem: z.string().includes('PUBLIC KEY'),
  merchantSerialNo: z.string().regex(/^[0-9A-F]{40}$/),
  platformPrivateKeyPem: z.string().includes('PRIVATE KEY'),
  platformPublicKeyPem: z.string().includes('PUBLIC KEY'),
  platformPublicKeyId: z.string().startsWith('PUB_KEY_ID_'),
  apiV3Key: z.string().length(32),
})

export type DevWechatPayKeys = z.infer<typeof DevKeysSchema>

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const randomChars = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('')

function rsaPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
}

/** Fresh keys shaped like the real ones (40-hex certificate serial, PUB_KEY_ID_ + digits, 32-char APIv3 key). */
export function generateDevWechatPayKeys(): DevWechatPayKeys {
  const merchant = rsaPair()
  const platform = rsaPair()
  return {
    merchantPrivateKeyPem: merchant.privateKey,
    merchantPublicKeyPem: merchant.publicKey,
    merchantSerialNo: randomBytes(20).toString('hex').toUpperCase(),
    platformPrivateKeyPem: platform.privateKey,
    platformPublicKeyPem: platform.publicKey,
    platformPublicKeyId: `PUB_KEY_ID_0116${randomChars('0123456789', 28)}`,
    apiV3Key: randomChars(ALPHANUMERIC, 32),
  }
}

/**
 * Keys persisted in `dir` (the demo uses .data/wechatpay, git-ignored) so the BFF and the simulator
 * agree across restarts. Both processes may start at once: the file appears atomically via link(),
 * and whoever loses the race reads the winner's keys instead of writing its own.
 */
export function loadOrCreateDevKeys(dir: string): DevWechatPayKeys {
  const file = join(dir, 'dev-keys.json')
  if (existsSync(file)) return DevKeysSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
  mkdirSync(dir, { recursive: true })
  const keys = generateDevWechatPayKeys()
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(temp, JSON.stringify(keys, null, 2), { mode: 0o600 })
  try {
    linkSync(temp, file)
    return keys
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return DevKeysSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
  } finally {
    unlinkSync(temp)
  }
}
