import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { GateScanResult } from '@egj/shared'
import { IS_H5 } from '../../../utils/platform'
import { clockText, passWindowText } from '../../../utils/visits'
import './GateResult.scss'

/** What the verdict says, and its colour: let in (green), already inside (blue), let out, or stop (red). */
function verdictOf(result: GateScanResult): { tone: 'allow' | 'inside' | 'deny'; mark: string; text: string } {
  if (result.result === 'deny') return { tone: 'deny', mark: '✕', text: '禁止通行' }
  if (result.insideSince) return { tone: 'inside', mark: 'i', text: `已在园（${clockText(result.insideSince)} 入园）` }
  return { tone: 'allow', mark: '✓', text: result.action === 'check_out' ? '允许离开' : '允许入园' }
}

/** The guard's answer in one glance: a full-width colour, the verdict, the reason and what to do, who. */
export function GateResult({ result, onNext }: { result: GateScanResult; onNext?: () => void }) {
  const verdict = verdictOf(result)
  const v = result.visit
  return (
    <View className={`gate-result gate-result--${verdict.tone}`} onClick={onNext}>
      <View className='gate-result__mark'>{verdict.mark}</View>
      <View className='gate-result__verdict'>{verdict.text}</View>
      {result.result === 'deny' && <View className='gate-result__reason'>{result.reasonText ?? '无效通行码'}</View>}
      {result.hint && <View className='gate-result__hint'>{result.hint}</View>}
      {v && (
        <View className='gate-result__who'>
          <View className='gate-result__name'>
            {v.visitorName}
            {v.companions > 0 && <Text className='gate-result__companions'> + 同行 {v.companions} 人</Text>}
          </View>
          <View className='gate-result__line'>
            被访人 {v.hostName}
            {v.hostUnitName ? ` · ${v.hostUnitName}` : ''}
          </View>
          <View className='gate-result__line'>{passWindowText(v.validFrom, v.validTo)}</View>
          {v.plateNo && <View className='gate-result__plate'>{v.plateNo}</View>}
        </View>
      )}
      {onNext && <View className='gate-result__next'>轻触继续扫码</View>}
    </View>
  )
}

let audio: AudioContext | null = null

/** A short beep (H5: WebAudio): one high tone to let in, two low ones to stop. weapp: a vibration. */
export function beep(allow: boolean): void {
  try {
    if (!IS_H5) {
      void Taro.vibrateShort({ type: allow ? 'light' : 'heavy' }).catch(() => undefined)
      return
    }
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Ctx) return
    audio = audio ?? new Ctx()
    const ctx = audio
    const tones = allow ? [{ f: 1320, at: 0, d: 0.18 }] : [{ f: 330, at: 0, d: 0.22 }, { f: 330, at: 0.3, d: 0.22 }]
    for (const tone of tones) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = allow ? 'sine' : 'square'
      osc.frequency.value = tone.f
      gain.gain.setValueAtTime(0.25, ctx.currentTime + tone.at)
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + tone.at + tone.d)
      osc.connect(gain).connect(ctx.destination)
      osc.start(ctx.currentTime + tone.at)
      osc.stop(ctx.currentTime + tone.at + tone.d)
    }
  } catch {
    // no sound is never a reason to break the gate
  }
}
