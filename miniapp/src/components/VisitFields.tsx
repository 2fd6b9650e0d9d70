import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { idNumberProblem, orgApi, visitsApi, type IdType, type Unit } from '@egj/shared'
import { errorMessage, request } from '../api/client'
import { Chips, FormRow, Segmented } from './Form'

/* The pieces the booking form and the gate's walk-in form share: host, ID document, companions. */

export const ID_TYPE_SHORT: { value: IdType; label: string }[] = [
  { value: 'id_card', label: '身份证' },
  { value: 'passport', label: '护照' },
  { value: 'hk_macau_permit', label: '港澳通行证' },
]

const ID_PLACEHOLDER: Record<IdType, string> = { id_card: '18 位身份证号', passport: '护照号码', hk_macau_permit: '如 H12345678' }

/** The ID number's problem once the visitor has typed enough to judge it (not while typing the first digits). */
export function idProblemShown(idType: IdType, idNumber: string): string | null {
  const text = idNumber.trim()
  if (!text) return null
  if (idType === 'id_card' && text.replace(/\s/g, '').length < 18) return null
  return idNumberProblem(idType, text)
}

export interface HostChoice {
  id: number
  name: string
  unitName: string | null
}

/**
 * 被访单位 then 被访人: the unit from the list of member units, the person by name within it
 * (GET /visits/hosts). Never a list of all staff.
 */
export function HostPicker({ value, onChange, error }: { value: HostChoice | null; onChange: (host: HostChoice | null) => void; error?: string | null }) {
  const [units, setUnits] = useState<Unit[] | null>(null)
  const [unitsProblem, setUnitsProblem] = useState<string | null>(null)
  const [unitId, setUnitId] = useState<number | null>(null)
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<HostChoice[] | null>(null)
  const [searching, setSearching] = useState(false)
  const [searchProblem, setSearchProblem] = useState<string | null>(null)
  const latest = useRef(0)

  const loadUnits = () => {
    setUnitsProblem(null)
    request(orgApi.units).then(
      (list) => setUnits(list.items),
      (e: unknown) => setUnitsProblem(errorMessage(e)),
    )
  }
  useEffect(loadUnits, [])

  // search as the name is typed (a short pause first), within the chosen unit
  useEffect(() => {
    const name = q.trim()
    if (!unitId || !name) {
      setHits(null)
      return
    }
    const mine = ++latest.current
    const timer = setTimeout(() => {
      setSearching(true)
      setSearchProblem(null)
      request(visitsApi.hosts, { query: { unitId, q: name } }).then(
        (list) => mine === latest.current && setHits(list.items),
        (e: unknown) => mine === latest.current && setSearchProblem(errorMessage(e)),
      ).finally(() => mine === latest.current && setSearching(false))
    }, 300)
    return () => clearTimeout(timer)
  }, [unitId, q])

  if (value) {
    return (
      <FormRow label='被访人' required error={error}>
        <View className='vf-host__chosen'>
          <Text className='vf-host__name'>{value.name}</Text>
          {value.unitName && <Text className='vf-host__unit'>{value.unitName}</Text>}
          <Text className='vf-host__change' onClick={() => onChange(null)}>
            更换
          </Text>
        </View>
      </FormRow>
    )
  }

  return (
    <>
      <FormRow label='被访单位' required stacked error={unitsProblem}>
        {units ? (
          <Chips options={units.map((u) => ({ value: u.id, label: u.name }))} value={unitId} onChange={(id) => setUnitId(id)} />
        ) : unitsProblem ? (
          <Button size='small' fill='outline' type='primary' onClick={loadUnits}>
            重新加载
          </Button>
        ) : (
          <Text className='egj-muted'>正在加载单位…</Text>
        )}
      </FormRow>
      <FormRow label='被访人' required stacked error={error ?? searchProblem} hint={unitId ? '输入被访人姓名查找，如 李四' : '请先选择被访单位'}>
        <Input className='vf-host__input' value={q} disabled={!unitId} placeholder='被访人姓名' onChange={setQ} clearable />
      </FormRow>
      {hits && (
        <View className='vf-host__hits'>
          {hits.length === 0 && !searching && <View className='vf-empty-line'>该单位没有找到「{q.trim()}」，请核对姓名</View>}
          {hits.map((hit) => (
            <View key={hit.id} className='vf-host__hit' onClick={() => onChange(hit)}>
              <Text className='vf-host__name'>{hit.name}</Text>
              <Text className='vf-host__unit'>{hit.unitName ?? ''}</Text>
              <Text className='vf-host__pick'>选择</Text>
            </View>
          ))}
        </View>
      )}
    </>
  )
}

/** 证件类型 + 证件号码, checked as typed. */
export function IdFields({ idType, idNumber, onChange, error, last }: { idType: IdType; idNumber: string; onChange: (next: { idType: IdType; idNumber: string }) => void; error?: string | null; last?: boolean }) {
  const live = idProblemShown(idType, idNumber)
  return (
    <>
      <FormRow label='证件类型' required>
        <Segmented options={ID_TYPE_SHORT} value={idType} onChange={(next) => onChange({ idType: next, idNumber })} />
      </FormRow>
      <FormRow label='证件号码' required last={last} error={error ?? live}>
        <Input align='right' value={idNumber} maxLength={32} placeholder={ID_PLACEHOLDER[idType]} onChange={(text) => onChange({ idType, idNumber: text.toUpperCase() })} />
      </FormRow>
    </>
  )
}

export interface CompanionDraft {
  name: string
  idType: IdType
  idNumber: string
}

export const NEW_COMPANION: CompanionDraft = { name: '', idType: 'id_card', idNumber: '' }

/** 同行人: each with a name and an ID document; add and remove. `errors` keyed "companions.0.idNumber". */
export function CompanionsEditor({ value, onChange, errors, max }: { value: CompanionDraft[]; onChange: (next: CompanionDraft[]) => void; errors: Record<string, string>; max: number }) {
  const update = (i: number, patch: Partial<CompanionDraft>) => onChange(value.map((c, j) => (j === i ? { ...c, ...patch } : c)))
  return (
    <View className='vf-companions'>
      {value.map((c, i) => (
        <View key={i} className='vf-companion'>
          <View className='vf-companion__head'>
            <Text className='vf-companion__title'>同行人 {i + 1}</Text>
            <Text className='vf-companion__remove' onClick={() => onChange(value.filter((_, j) => j !== i))}>
              删除
            </Text>
          </View>
          <FormRow label='姓名' required error={errors[`companions.${i}.name`]}>
            <Input align='right' value={c.name} maxLength={32} placeholder='同行人姓名' onChange={(name) => update(i, { name })} />
          </FormRow>
          <IdFields idType={c.idType} idNumber={c.idNumber} onChange={(doc) => update(i, doc)} error={errors[`companions.${i}.idNumber`]} last />
        </View>
      ))}
      {value.length < max ? (
        <View className='vf-companions__add' onClick={() => onChange([...value, { ...NEW_COMPANION }])}>
          ＋ 添加同行人
        </View>
      ) : (
        <View className='vf-empty-line'>同行人最多 {max} 位</View>
      )}
    </View>
  )
}

/** Companions as the API takes them; an entry left wholly empty is dropped. */
export const companionsBody = (list: CompanionDraft[]) =>
  list.filter((c) => c.name.trim() || c.idNumber.trim()).map((c) => ({ name: c.name.trim(), idType: c.idType, idNumber: c.idNumber.trim() }))

/** Problems the phone can see before sending: keyed like the API's issue paths. */
export function companionProblems(list: CompanionDraft[]): Record<string, string> {
  const out: Record<string, string> = {}
  list.forEach((c, i) => {
    if (!c.name.trim() && !c.idNumber.trim()) return
    if (!c.name.trim()) out[`companions.${i}.name`] = '请填写同行人姓名'
    const problem = c.idNumber.trim() ? idNumberProblem(c.idType, c.idNumber) : '请填写证件号码'
    if (problem) out[`companions.${i}.idNumber`] = problem
  })
  return out
}
